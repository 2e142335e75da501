// The console's read API: lists and case views with survey access enforced.
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { decodeCursor, getCaseDetail, listCases } from "@/lib/cases/read-queries";
import { getDb, getSql } from "@/lib/db/client";
import { surveyAccess } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { casesOf } from "../support/inspect";
import { createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const SUPPORT_NUMBER = "447700900000";
const SALES_NUMBER = "447700933333";
let admin: CurrentUser;
let staff: CurrentUser;
let supportId: number;

const asUser = (u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
});

async function send(from: string, to: string, text: string, timestamp?: string) {
  const response = await POST(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to, text, timestamp })));
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  useWebhookSecret();
  const support = await createSurvey({ name: "Support" });
  const sales = await createSurvey({ name: "Sales" });
  supportId = support.id;
  await createLink({ ourNumber: SUPPORT_NUMBER, surveyId: support.id });
  await createLink({ ourNumber: SALES_NUMBER, surveyId: sales.id });
  admin = asUser(await createUser({ email: "admin@example.com", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  await getDb().insert(surveyAccess).values({ userId: staff.id, surveyId: support.id });

  for (let i = 0; i < 7; i++) await send(`447700100${String(i).padStart(3, "0")}`, SUPPORT_NUMBER, `Support question ${i}`);
  await send("447700100099", SALES_NUMBER, "A sales lead");
});

describe("GET /api/cases data", () => {
  it("lists newest activity first, paginated with a cursor that never skips or repeats", async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCases(admin, { surveyId: supportId, limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it("returns the documented item shape", async () => {
    const { items } = await listCases(admin, { phone: "+44 7700 100099" });
    expect(items).toEqual([
      {
        id: expect.any(Number),
        reference: `#${items[0]!.id}`,
        surveyId: expect.any(Number),
        title: "A sales lead",
        theirNumber: "447700100099",
        ourNumber: SALES_NUMBER,
        channel: "sms",
        status: "new",
        open: true,
        lastActivityAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        messageCount: 1,
        assignee: null,
        unread: true,
        // SPEC §13: this survey has no service levels, so nothing is due.
        responseDueAt: null,
        overdue: false,
      },
    ]);
  });

  it("filters by state and by text or reference", async () => {
    const [first] = await casesOf("447700100000");
    await getSql()`update cases set open = false, status = 'resolved' where id = ${first!.id}`;
    const closed = await listCases(admin, { surveyId: supportId, state: "closed" });
    expect(closed.items.map((c) => c.id)).toEqual([first!.id]);
    const open = await listCases(admin, { surveyId: supportId, state: "open" });
    expect(open.items).toHaveLength(6);
    expect((await listCases(admin, { q: "question 3" })).items.map((c) => c.title)).toEqual(["Support question 3"]);
    expect((await listCases(admin, { q: `#${first!.id}` })).items.map((c) => c.id)).toEqual([first!.id]);
    expect((await listCases(admin, { q: "100%_" })).items).toEqual([]);
  });

  it("shows staff only the surveys they were given, and 404 for another survey", async () => {
    const all = await listCases(staff);
    expect(all.items).toHaveLength(7);
    expect(all.items.every((c) => c.surveyId === supportId)).toBe(true);
    const salesCase = (await casesOf("447700100099"))[0]!;
    await expect(listCases(staff, { surveyId: salesCase.survey_id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a forged cursor with a clear error", () => {
    expect(() => decodeCursor("not-a-cursor")).toThrow(AppError);
  });
});

describe("GET /api/cases/:id data", () => {
  it("returns the thread in the provider's time order, not arrival order", async () => {
    const P = "447700100050";
    await send(P, SUPPORT_NUMBER, "second, sent later", "2026-01-01T10:05:00.000Z");
    await send(P, SUPPORT_NUMBER, "first, delivered late", "2026-01-01T10:00:00.000Z");
    const [c] = await casesOf(P);
    const detail = await getCaseDetail(admin, c!.id);
    expect(detail).toMatchObject({
      id: c!.id,
      reference: `#${c!.id}`,
      title: "second, sent later",
      theirNumber: P,
      ourNumber: SUPPORT_NUMBER,
      channel: "sms",
      status: "new",
      open: true,
      answers: { status: "new" },
      notes: "",
    });
    expect(detail.messages.map((m) => m.text)).toEqual(["first, delivered late", "second, sent later"]);
    expect(detail.messages[0]).toMatchObject({ direction: "inbound", status: "received", automatic: false, at: "2026-01-01T10:00:00.000Z" });
    expect(detail.events.map((e) => e.type)).toEqual(["created"]);
  });

  it("answers a case of a survey the staff user cannot see exactly like a missing case", async () => {
    const salesCase = (await casesOf("447700100099"))[0]!;
    await expect(getCaseDetail(staff, salesCase.id)).rejects.toMatchObject({ code: "not_found", status: 404 });
    await expect(getCaseDetail(staff, 987654)).rejects.toMatchObject({ code: "not_found", status: 404 });
    const mine = (await casesOf("447700100001"))[0]!;
    expect((await getCaseDetail(staff, mine.id)).title).toBe("Support question 1");
  });
});
