// The shapes every use case shares (issue "one shape for the code"): the pipelined
// transaction never reports a rolled-back COMMIT as success, the access module answers
// 404 for what the actor may not see, the action wrapper refuses bad input plainly, and the
// event log counts waiting messages exactly.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { markCaseRead } from "@/lib/cases/case-reads";
import { getDb, openSql, transaction } from "@/lib/db/client";
import { ConnectionLostError, NotCommittedError } from "@/lib/db/transaction";
import { caseReads, cases, surveyAccess, webhookEvents } from "@/lib/db/schema";
import { countUnroutedByNumber, listProblemEvents } from "@/lib/inbound/event-log";
import { getSurveyForm, listAllSurveys } from "@/lib/surveys/queries";
import { createSurvey } from "../support/seed";

const asActor = (u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser => ({ id: u.id, email: u.email, name: u.name, role: u.role });

let admin: CurrentUser;
let staff: CurrentUser;
let mine: { id: number };
let theirs: { id: number };
let mineCase: number;
let theirCase: number;

beforeAll(async () => {
  const db = getDb();
  admin = asActor(await createUser({ email: "admin@structure.test", role: "admin", password: "password1" }));
  staff = asActor(await createUser({ email: "staff@structure.test", role: "staff", password: "password1" }));
  mine = await createSurvey({ name: "Mine" });
  theirs = await createSurvey({ name: "Theirs" });
  await db.insert(surveyAccess).values({ userId: staff.id, surveyId: mine.id });
  const [a, b] = await db
    .insert(cases)
    .values([
      { surveyId: mine.id, title: "Mine", theirNumber: "447700100001", ourNumber: "447700900000", channel: "sms" },
      { surveyId: theirs.id, title: "Theirs", theirNumber: "447700100002", ourNumber: "447700900000", channel: "sms" },
    ])
    .returning({ id: cases.id });
  mineCase = a!.id;
  theirCase = b!.id;
});

describe("transactions", () => {
  it("throws when an error the work swallowed turned COMMIT into ROLLBACK, and keeps nothing", async () => {
    const before = await getDb().$count(webhookEvents);
    const attempt = transaction(async ({ $client: tx }, finish) => {
      await tx`insert into webhook_events (kind, raw_body, outcome) values ('inbound', 'kept?', 'invalid')`;
      await tx`select 1 / 0`.catch(() => {}); // swallowed: the transaction is now aborted
      return finish(tx`select 1`.catch(() => "ignored too"));
    });
    await expect(attempt).rejects.toBeInstanceOf(NotCommittedError);
    expect(await getDb().$count(webhookEvents)).toBe(before);
  });

  it("also checks the COMMIT it sends itself when the work did not finish", async () => {
    const attempt = transaction(async ({ $client: tx }) => {
      await tx`select 1 / 0`.catch(() => {});
      return "done";
    });
    await expect(attempt).rejects.toBeInstanceOf(NotCommittedError);
  });

  it("commits and returns the last statement's result when all went well", async () => {
    const result = await transaction(async (tx, finish) => {
      await tx.$client`insert into webhook_events (kind, raw_body, outcome) values ('inbound', 'committed', 'invalid')`;
      return finish(tx.$client`select 42 as answer`);
    });
    expect(result[0]).toEqual({ answer: 42 });
    const rows = await getDb().execute(sql`select count(*)::int as n from webhook_events where raw_body = 'committed'`);
    expect(rows[0]).toEqual({ n: 1 });
  });

  it("never reports success for a COMMIT that reached the connection outside any transaction", async () => {
    // As if the transaction's statements had gone to another connection: here the work ends
    // the transaction itself, so the final COMMIT finds none ("there is no transaction in progress").
    const attempt = transaction(async (tx) => {
      await tx.$client`commit`;
      return "done";
    });
    await expect(attempt).rejects.toBeInstanceOf(NotCommittedError);
    // The slot is fine afterwards.
    expect(await transaction(async (tx) => (await tx.execute(sql`select 2 as two`))[0])).toEqual({ two: 2 });
  });

  it("refuses the statements after its connection died, so none of them runs outside the transaction", async () => {
    const killer = openSql(process.env.DATABASE_URL!, { max: 1 });
    try {
      const attempt = transaction(async (tx) => {
        await tx.execute(sql`insert into webhook_events (kind, raw_body, outcome) values ('inbound', 'first half', 'invalid')`);
        const [{ pid }] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as [{ pid: number }];
        await killer`select pg_terminate_backend(${pid})`;
        await new Promise((resolve) => setTimeout(resolve, 300)); // the close is noticed
        // Without the guard, postgres.js would run this on a fresh connection, committed alone.
        await tx.execute(sql`insert into webhook_events (kind, raw_body, outcome) values ('inbound', 'second half', 'invalid')`);
      });
      // drizzle wraps it ("Failed query: …"), with the guard's error as the cause.
      await expect(attempt).rejects.toMatchObject({ cause: expect.any(ConnectionLostError) });
      const kept = await getDb().execute(sql`select raw_body from webhook_events where raw_body in ('first half', 'second half')`);
      expect(kept).toHaveLength(0);
      // The next transactions work again, on a new connection.
      for (let i = 0; i < 12; i++) expect(await transaction(async (tx) => (await tx.execute(sql`select 1 as one`))[0])).toEqual({ one: 1 });
    } finally {
      await killer.end({ timeout: 5 });
    }
  });
});

describe("the access module", () => {
  it("returns the case row to whoever may see it, and 404 to anyone else", async () => {
    expect((await requireVisibleCase(staff, mineCase)).title).toBe("Mine");
    expect((await requireVisibleCase(admin, theirCase)).title).toBe("Theirs");
    await expect(requireVisibleCase(staff, theirCase)).rejects.toMatchObject({ code: "not_found", status: 404 });
    await expect(requireVisibleCase(staff, 987_654_321)).rejects.toMatchObject({ code: "not_found", status: 404 });
  });

  it("marks a case read only for a user who may see it", async () => {
    await markCaseRead(staff, mineCase);
    await markCaseRead(staff, theirCase);
    const reads = await getDb().select({ caseId: caseReads.caseId }).from(caseReads).where(sql`${caseReads.userId} = ${staff.id}`);
    expect(reads.map((r) => r.caseId)).toEqual([mineCase]);
  });

  it("keeps another survey's form and the admin survey list from staff", async () => {
    expect((await getSurveyForm(staff, mine.id)).name).toBe("Mine");
    await expect(getSurveyForm(staff, theirs.id)).rejects.toMatchObject({ status: 404 });
    await expect(listAllSurveys(staff)).rejects.toMatchObject({ status: 404 });
    expect((await listAllSurveys(admin)).map((s) => s.name)).toEqual(expect.arrayContaining(["Mine", "Theirs"]));
  });

  it("keeps the webhook event log from staff", async () => {
    await expect(listProblemEvents(staff)).rejects.toMatchObject({ status: 404 });
    await expect(countUnroutedByNumber(staff)).rejects.toMatchObject({ status: 404 });
  });
});

describe("waiting messages per number (Users > Conversations, Process again)", () => {
  it("counts every unrouted message of a number, however many newer problems there are", async () => {
    const db = getDb();
    await db.insert(webhookEvents).values(
      Array.from({ length: 3 }, (_, i) => ({ kind: "inbound" as const, messageUuid: `old-${i}`, rawBody: "{}", ourNumber: "15550001111", outcome: "unrouted" as const })),
    );
    // 120 newer problems: the newest 100 no longer include the three waiting messages.
    await db.insert(webhookEvents).values(Array.from({ length: 120 }, () => ({ kind: "status" as const, rawBody: "x", outcome: "invalid" as const })));
    const newest = await listProblemEvents(admin, { limit: 100 });
    expect(newest.some((e) => e.ourNumber === "15550001111")).toBe(false);
    expect((await countUnroutedByNumber(admin)).get("15550001111")).toBe(3);
  });
});

describe("the server action wrapper", () => {
  it("answers bad input with a plain message, before looking at the session, and logs nothing", async () => {
    const { updateUserAction, setSurveyAccessAction } = await import("@/app/(app)/admin/users/actions");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const form = new FormData();
      form.set("userId", "not-a-number");
      expect(await updateUserAction(null, form)).toEqual({ ok: false, error: "The request was not valid: reload the page and try again." });
      const access = new FormData();
      access.set("userId", "3");
      access.append("surveyId", "1");
      access.append("surveyId", "x");
      expect(await setSurveyAccessAction(null, access)).toMatchObject({ ok: false });
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it("shows a schema's own message when it has one", async () => {
    const { createUserAction } = await import("@/app/(app)/admin/users/actions");
    const form = new FormData();
    form.set("email", "   ");
    form.set("role", "staff");
    expect(await createUserAction(null, form)).toEqual({ ok: false, error: "Enter an email address." });
  });
});

describe("ending sessions", () => {
  it("with a session that is no longer current does nothing (a revoked cookie cannot sign the user out again)", async () => {
    const { endSessions } = await import("@/lib/auth/sessions");
    const { users } = await import("@/lib/db/schema");
    const version = async () => (await getDb().select({ v: users.sessionVersion }).from(users).where(sql`${users.id} = ${staff.id}`))[0]!.v;
    const before = await version();
    await endSessions(staff.id, undefined, { ifVersion: before });
    expect(await version()).toBe(before + 1);
    await endSessions(staff.id, undefined, { ifVersion: before }); // the old cookie's version
    expect(await version()).toBe(before + 1);
  });
});
