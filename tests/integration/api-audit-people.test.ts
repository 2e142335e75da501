// SPEC §15–16 through /api/v1: the audit log (list, filters, cursor, CSV) and a person's data
// (counts, export, erase) for owners and admins; staff refused; bad input named.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { api, tokenFor } from "../support/api";
import { createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const OURS = "447700900100";
const PERSON = "447911222333";
let admin: CurrentUser;
let adminToken: string;
let ownerToken: string;
let staffToken: string;
let caseId: number;
let surveyId: number;
const as = (u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser => ({ id: u.id, email: u.email, name: u.name, role: u.role });

beforeAll(async () => {
  useWebhookSecret();
  surveyId = (await createSurvey({ name: "Support" })).id;
  await createLink({ ourNumber: OURS, surveyId });
  const owner = as(await createUser({ email: "owner@example.com", name: "Olive Owner", role: "owner", password: "password-1" }));
  admin = as(await createUser({ email: "admin@example.com", name: "Ada Admin", role: "admin", password: "password-1" }));
  const staff = as(await createUser({ email: "staff@example.com", name: "Sam Staff", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${surveyId})`;
  ownerToken = await tokenFor(owner, "owner");
  adminToken = await tokenFor(admin, "admin script");
  staffToken = await tokenFor(staff, "staff");
  for (const text of ["Hello", "Anyone there?"]) {
    const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from: PERSON, to: OURS, text })));
    expect(response.status).toBe(200);
  }
  const [row] = await getSql()<Array<{ id: number }>>`select id::int from cases where their_number = ${PERSON}`;
  caseId = row!.id;
  // Three edits through the API: three entries, by the admin's token.
  for (const title of ["First", "Second", "Third"]) expect((await api(adminToken, "PATCH", `/cases/${caseId}`, { title })).status).toBe(200);
});

describe("GET /audit", () => {
  it("lists entries newest first with who, which token, and before → after", async () => {
    const answer = await api(adminToken, "GET", `/audit?caseId=${caseId}`);
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((e: { after: unknown }) => e.after)).toEqual([{ title: "Third" }, { title: "Second" }, { title: "First" }]);
    expect(answer.body.items[0]).toMatchObject({
      action: "case.updated",
      user: { id: admin.id, name: "Ada Admin", email: "admin@example.com" },
      token: { name: "admin script" },
      survey: { id: surveyId, name: "Support" },
      caseId,
      before: { title: "Second" },
    });
    expect(answer.body.nextCursor).toBeNull();
  });

  it("pages with the cursor, and filters by user, survey and time", async () => {
    const first = await api(ownerToken, "GET", `/audit?caseId=%23${caseId}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await api(ownerToken, "GET", `/audit?caseId=${caseId}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { after: unknown }) => e.after)).toEqual([{ title: "First" }]);
    expect(second.body.nextCursor).toBeNull();
    expect((await api(ownerToken, "GET", `/audit?userId=${admin.id}&surveyId=${surveyId}`)).body.items).toHaveLength(3);
    expect((await api(ownerToken, "GET", `/audit?surveyId=${surveyId}&from=2999-01-01`)).body.items).toHaveLength(0);
    expect((await api(ownerToken, "GET", `/audit?surveyId=${surveyId}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.items).toHaveLength(3);
  });

  it("refuses staff (403) and names the bad parameter (400)", async () => {
    expect((await api(staffToken, "GET", "/audit")).status).toBe(403);
    expect((await api(staffToken, "GET", "/audit/export")).status).toBe(403);
    for (const [query, field] of [
      ["caseId=12a", "caseId"],
      ["from=yesterday", "from"],
      ["limit=0", "limit"],
      ["from=2030-01-02&to=2030-01-01", "to"],
      ["userId=-1", "userId"],
    ]) {
      const answer = await api(adminToken, "GET", `/audit?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.message, query).toMatch(new RegExp(`^Invalid query: ${field}: `));
    }
    expect((await api(adminToken, "GET", "/audit?cursor=garbage")).status).toBe(400);
  });
});

describe("GET /audit/export", () => {
  it("is the same filter as CSV", async () => {
    const answer = await api(adminToken, "GET", `/audit/export?caseId=${caseId}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toMatch(/^attachment; filename="caseline-audit-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = (answer.body as string).trim().split("\n");
    expect(lines[0]).toBe("time,user,user_email,token,action,description,survey_id,survey,case_id,target,changes,before,after");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(",Ada Admin,admin@example.com,admin script,case.updated,Edited a case,");
    expect(lines[1]).toContain("Title: Second → Third");
  });
});

describe("/people/{number}", () => {
  it("refuses staff (403) and a number that is not one (400 naming it)", async () => {
    expect((await api(staffToken, "GET", `/people/${PERSON}`)).status).toBe(403);
    expect((await api(staffToken, "GET", `/people/${PERSON}/export`)).status).toBe(403);
    expect((await api(staffToken, "DELETE", `/people/${PERSON}`)).status).toBe(403);
    for (const method of ["GET", "DELETE"] as const) {
      const answer = await api(adminToken, method, "/people/12");
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(/^Invalid path: number: /);
    }
    expect((await api(adminToken, "GET", "/people/not-a-number/export")).status).toBe(400);
    // Nothing was erased by the refusals.
    expect(await getSql()`select id from messages where their_number = ${PERSON}`).toHaveLength(2);
  });

  it("counts, exports the same selection, and erases it (any written form of the number)", async () => {
    const counted = await api(adminToken, "GET", `/people/${encodeURIComponent(`+${PERSON}`)}`);
    expect(counted.status).toBe(200);
    expect(counted.body).toEqual({
      number: PERSON,
      counts: expect.objectContaining({ messagesFrom: 2, messagesTo: 0, cases: 1, surveys: 1, webhookEvents: 2, auditEntries: 3 }),
    });

    const exported = await api(ownerToken, "GET", `/people/00${PERSON}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toBe(`attachment; filename="caseline-person-${PERSON}.json"`);
    expect(exported.body).toMatchObject({ format: "caseline.person.v1", number: `+${PERSON}`, counts: counted.body.counts });
    expect(exported.body.messages.map((m: { text: string }) => m.text)).toEqual(["Hello", "Anyone there?"]);
    expect(exported.body.cases).toHaveLength(1);

    const erased = await api(adminToken, "DELETE", `/people/${PERSON}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual(counted.body);
    expect(await getSql()`select id from messages where their_number = ${PERSON}`).toHaveLength(0);
    const again = await api(adminToken, "GET", `/people/${PERSON}`);
    expect(again.body.counts).toMatchObject({ messagesFrom: 0, cases: 0, webhookEvents: 0 });

    // The log: the erasure with its counts, through the token, never the number.
    const log = await api(adminToken, "GET", "/audit?limit=5");
    const entry = log.body.items.find((e: { action: string }) => e.action === "person.erased");
    expect(entry).toMatchObject({ token: { name: "admin script" }, target: "person:+44 •••••••• 33", after: counted.body.counts });
    expect(JSON.stringify(log.body)).not.toContain(PERSON);
    // The case's own entries are kept, their details cleared.
    const caseLog = await api(adminToken, "GET", `/audit?caseId=${caseId}`);
    expect(caseLog.body.items.map((e: { before: unknown; after: unknown }) => [e.before, e.after])).toEqual([
      [null, { erased: true }],
      [null, { erased: true }],
      [null, { erased: true }],
    ]);
  });
});
