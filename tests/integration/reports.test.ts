// SPEC §14 reports: every figure equals the same figure computed here, in JS, from the rows the
// test inserted (local days by Intl, percentiles by hand); days cut at local midnight across a
// DST change; a staff user never gets another survey's numbers; bad parameters are a 400.
import { beforeAll, describe, expect, it } from "vitest";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getDb, getSql } from "@/lib/db/client";
import { caseMessages, cases, messages } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { parseRange, MAX_REPORT_DAYS } from "@/lib/reports/range";
import { surveyReport, type Durations, type SurveyReport } from "@/lib/reports/survey-report";
import { api, tokenFor } from "../support/api";
import { asUser, createSurvey } from "../support/seed";

const TZ = "Europe/Berlin";
// 2026-03-29: Berlin goes from UTC+1 to UTC+2 at 02:00, a 23-hour day.
const FROM = "2026-03-26";
const TO = "2026-04-01";
const HOUR = 3_600_000;

type Row = {
  surveyId: number;
  createdAt: Date;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  assigneeId: number | null;
  messageTimes: Date[];
};

let admin: CurrentUser;
let staffA: CurrentUser;
let staffB: CurrentUser;
let alice: CurrentUser;
let bob: CurrentUser;
let surveyA: number;
let surveyB: number;
const rows: Row[] = [];
/** Messages of survey A counted twice if the report joined naively: one message in two cases. */
let sharedMessageAt: Date;

/** A small deterministic generator, so a failure is reproducible. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function insertCase(row: Row): Promise<number> {
  const [created] = await getDb()
    .insert(cases)
    .values({
      surveyId: row.surveyId,
      theirNumber: "447700900001",
      ourNumber: "447700900100",
      channel: "sms",
      status: row.closedAt ? "resolved" : "new",
      open: row.closedAt === null,
      assigneeId: row.assigneeId,
      createdAt: row.createdAt,
      lastActivityAt: new Date(Math.max(row.createdAt.getTime(), ...row.messageTimes.map((t) => t.getTime()))),
      firstResponseAt: row.firstResponseAt,
      closedAt: row.closedAt,
    })
    .returning({ id: cases.id });
  for (const [i, at] of row.messageTimes.entries()) await insertMessage([created!.id], at, i % 2 === 0 ? "inbound" : "outbound");
  return created!.id;
}

async function insertMessage(caseIds: number[], at: Date, direction: "inbound" | "outbound") {
  const [message] = await getDb()
    .insert(messages)
    .values({ direction, channel: "sms", ourNumber: "447700900100", theirNumber: "447700900001", status: direction === "inbound" ? "received" : "delivered", at })
    .returning({ id: messages.id });
  await getDb().insert(caseMessages).values(caseIds.map((caseId) => ({ caseId, messageId: message!.id })));
}

beforeAll(async () => {
  surveyA = (await createSurvey({ name: "Support" })).id;
  surveyB = (await createSurvey({ name: "Sales" })).id;
  admin = asUser(await createUser({ email: "admin@example.com", name: "Ada Admin", role: "admin", password: "password-1" }));
  staffA = asUser(await createUser({ email: "sam@example.com", name: "Sam Staff", role: "staff", password: "password-1" }));
  staffB = asUser(await createUser({ email: "bea@example.com", name: "Bea Sales", role: "staff", password: "password-1" }));
  alice = asUser(await createUser({ email: "alice@example.com", name: "Alice", role: "staff", password: "password-1" }));
  bob = asUser(await createUser({ email: "bob@example.com", name: "Bob", role: "staff", password: "password-1" }));
  const sql = getSql();
  for (const u of [staffA, alice, bob]) await sql`insert into survey_access (user_id, survey_id) values (${u.id}, ${surveyA})`;
  await sql`insert into survey_access (user_id, survey_id) values (${staffB.id}, ${surveyB})`;

  // Cases from a few days before the range to a few days after it, in both surveys.
  const next = random(16);
  const windowStart = Date.parse("2026-03-22T00:00:00Z");
  for (let i = 0; i < 140; i++) {
    const surveyId = i % 4 === 3 ? surveyB : surveyA;
    const createdAt = new Date(windowStart + Math.floor(next() * 14 * 24) * HOUR + Math.floor(next() * 3600) * 1000);
    const answered = next() < 0.8;
    const firstResponseAt = answered ? new Date(createdAt.getTime() + Math.floor(next() * 6 * 3600) * 1000) : null;
    const closedAt = next() < 0.6 ? new Date(createdAt.getTime() + Math.floor(next() * 4 * 24 * 3600) * 1000) : null;
    const pick = next();
    const assigneeId = surveyId === surveyB ? null : pick < 0.45 ? alice.id : pick < 0.8 ? bob.id : null;
    const messageTimes = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, k) => new Date(createdAt.getTime() + k * Math.floor(next() * 20 * 3600) * 1000));
    rows.push({ surveyId, createdAt, firstResponseAt, closedAt, assigneeId, messageTimes });
  }
  // Around local midnight of the DST day, both sides of each boundary (Berlin: +01:00 before, +02:00 after).
  const edges = [
    "2026-03-28T22:59:59Z", // 03-28 23:59:59 local
    "2026-03-28T23:00:00Z", // 03-29 00:00:00 local: the day starts
    "2026-03-29T21:59:59Z", // 03-29 23:59:59 local (+02:00)
    "2026-03-29T22:00:00Z", // 03-30 00:00:00 local
    "2026-03-25T22:59:59Z", // the day before the range
    "2026-03-25T23:00:00Z", // the first instant of the range
    "2026-04-01T21:59:59Z", // the last second of the range
    "2026-04-01T22:00:00Z", // after the range
  ];
  for (const at of edges) {
    const createdAt = new Date(at);
    rows.push({ surveyId: surveyA, createdAt, firstResponseAt: new Date(createdAt.getTime() + 90_000), closedAt: new Date(createdAt.getTime() + 2 * HOUR), assigneeId: alice.id, messageTimes: [createdAt] });
  }
  const ids: number[] = [];
  for (const row of rows) ids.push(await insertCase(row));
  // One message in two cases of survey A (a reply to several cases, SPEC §3): counted once.
  const twoCases = rows.flatMap((row, i) => (row.surveyId === surveyA ? [ids[i]!] : [])).slice(0, 2);
  sharedMessageAt = new Date("2026-03-30T10:00:00Z");
  await insertMessage(twoCases, sharedMessageAt, "outbound");
  // As the app does when a message joins a case: the case's activity moves on.
  await sql`update cases set last_activity_at = greatest(last_activity_at, ${sharedMessageAt.toISOString()}::timestamptz) where id in ${sql(twoCases)}`;
  await sql`analyze`;
});

// ---- The independent computation ----

const localDay = (at: Date, tz: string) => at.toLocaleDateString("en-CA", { timeZone: tz });
const inRange = (at: Date | null, tz: string) => at !== null && localDay(at, tz) >= FROM && localDay(at, tz) <= TO;

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return Math.round(sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low));
}

function durations(values: number[]): Durations {
  return { medianSeconds: percentile(values, 0.5), p90Seconds: percentile(values, 0.9) };
}

function expectedReport(surveyId: number, tz: string, names: Map<number, string>): SurveyReport {
  const ofSurvey = rows.filter((r) => r.surveyId === surveyId);
  const opened = ofSurvey.filter((r) => inRange(r.createdAt, tz));
  const closed = ofSurvey.filter((r) => inRange(r.closedAt, tz));
  const days: SurveyReport["days"] = [];
  for (let d = Date.parse(`${FROM}T12:00:00Z`); d <= Date.parse(`${TO}T12:00:00Z`); d += 24 * HOUR) {
    const date = new Date(d).toISOString().slice(0, 10);
    days.push({ date, opened: opened.filter((r) => localDay(r.createdAt, tz) === date).length, closed: closed.filter((r) => localDay(r.closedAt!, tz) === date).length });
  }
  const firstResponses = (list: Row[]) => list.flatMap((r) => (r.firstResponseAt ? [(r.firstResponseAt.getTime() - r.createdAt.getTime()) / 1000] : []));
  let inbound = 0;
  let outbound = 0;
  for (const r of ofSurvey) {
    for (const [i, at] of r.messageTimes.entries()) {
      if (!inRange(at, tz)) continue;
      if (i % 2 === 0) inbound++;
      else outbound++;
    }
  }
  if (surveyId === surveyA && inRange(sharedMessageAt, tz)) outbound++;
  const assignees = [...new Set([...opened, ...closed].map((r) => r.assigneeId))];
  const byAssignee = assignees.map((userId) => ({
    userId,
    name: userId === null ? "Unassigned" : names.get(userId)!,
    assigned: opened.filter((r) => r.assigneeId === userId).length,
    closed: closed.filter((r) => r.assigneeId === userId).length,
    firstResponse: durations(firstResponses(opened.filter((r) => r.assigneeId === userId))),
  }));
  byAssignee.sort((a, b) => Number(a.userId === null) - Number(b.userId === null) || b.assigned - a.assigned || b.closed - a.closed || a.name.localeCompare(b.name));
  return {
    days,
    firstResponse: durations(firstResponses(opened)),
    resolution: durations(closed.map((r) => (r.closedAt!.getTime() - r.createdAt.getTime()) / 1000)),
    messages: { inbound, outbound },
    byAssignee,
  };
}

const range = (tz = TZ, from = FROM, to = TO) => parseRange({ from, to, tz }, { maxDays: MAX_REPORT_DAYS });

describe("a survey's report", () => {
  it("equals the figures computed from the raw rows, in a zone with a DST change in the range", async () => {
    const names = new Map([[alice.id, "Alice"], [bob.id, "Bob"]]);
    const report = await surveyReport(admin, surveyA, range());
    expect(report).toEqual(expectedReport(surveyA, TZ, names));
    // The data is not degenerate: every part of the report has something to compare.
    expect(report.days).toHaveLength(7);
    expect(report.days.filter((d) => d.opened > 0).length).toBeGreaterThan(4);
    expect(report.firstResponse.medianSeconds).toBeGreaterThan(0);
    expect(report.resolution.p90Seconds).toBeGreaterThan(report.resolution.medianSeconds!);
    expect(report.messages.inbound).toBeGreaterThan(10);
    expect(report.byAssignee.map((a) => a.userId)).toEqual(expect.arrayContaining([alice.id, bob.id, null]));
  });

  it("gives the other survey its own figures, and the same rows counted in another zone", async () => {
    expect(await surveyReport(admin, surveyB, range())).toEqual(expectedReport(surveyB, TZ, new Map()));
    const names = new Map([[alice.id, "Alice"], [bob.id, "Bob"]]);
    expect(await surveyReport(admin, surveyA, range("America/Los_Angeles"))).toEqual(expectedReport(surveyA, "America/Los_Angeles", names));
    expect(await surveyReport(admin, surveyA, range("UTC"))).toEqual(expectedReport(surveyA, "UTC", names));
  });

  it("cuts days at local midnight on the 23-hour day", async () => {
    const day = await surveyReport(admin, surveyA, range(TZ, "2026-03-29", "2026-03-29"));
    const created = rows.filter((r) => r.surveyId === surveyA && r.createdAt >= new Date("2026-03-28T23:00:00Z") && r.createdAt < new Date("2026-03-29T22:00:00Z"));
    expect(day.days).toEqual([{ date: "2026-03-29", opened: created.length, closed: expect.any(Number) }]);
    // Both edge cases inside the day are counted: 00:00:00 (+01:00) and 23:59:59 (+02:00).
    expect(created.map((r) => r.createdAt.toISOString())).toEqual(expect.arrayContaining(["2026-03-28T23:00:00.000Z", "2026-03-29T21:59:59.000Z"]));
  });

  it("has a row for every day, with zeros, and nulls where there is nothing to measure", async () => {
    const quiet = await surveyReport(admin, surveyA, range(TZ, "2025-01-01", "2025-01-03"));
    expect(quiet).toEqual({
      days: [
        { date: "2025-01-01", opened: 0, closed: 0 },
        { date: "2025-01-02", opened: 0, closed: 0 },
        { date: "2025-01-03", opened: 0, closed: 0 },
      ],
      firstResponse: { medianSeconds: null, p90Seconds: null },
      resolution: { medianSeconds: null, p90Seconds: null },
      messages: { inbound: 0, outbound: 0 },
      byAssignee: [],
    });
  });

  it("agrees with PostgreSQL on where each local day starts", async () => {
    const zones = ["Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham"];
    const daysToCheck = ["2026-03-08", "2026-03-29", "2026-04-05", "2026-09-06", "2026-10-04", "2026-10-25", "2026-11-01"];
    for (const tz of zones) {
      for (const day of daysToCheck) {
        const r = range(tz, day, day);
        const [pg] = await getSql()<Array<{ start: string; end: string }>>`
          select to_json(${day}::date::timestamp at time zone ${tz}) #>> '{}' as start,
                 to_json((${day}::date + 1)::timestamp at time zone ${tz}) #>> '{}' as end`;
        expect([tz, day, r.start.getTime(), r.end.getTime()]).toEqual([tz, day, Date.parse(pg!.start), Date.parse(pg!.end)]);
      }
    }
  });
});

describe("who may see a report", () => {
  it("lets staff read their own survey and nothing of another (the same 404 as a missing survey)", async () => {
    expect((await surveyReport(staffA, surveyA, range())).days).toHaveLength(7);
    for (const [actor, surveyId] of [
      [staffA, surveyB],
      [staffB, surveyA],
      [admin, 999_999],
    ] as const) {
      const refused = await surveyReport(actor, surveyId, range()).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).status).toBe(404);
    }
  });

  it("answers the same through the API, and 404 with no numbers for another survey", async () => {
    const staffToken = await tokenFor(staffA);
    const query = `from=${FROM}&to=${TO}&tz=${encodeURIComponent(TZ)}`;
    const own = await api(staffToken, "GET", `/reports?surveyId=${surveyA}&${query}`);
    expect(own.status).toBe(200);
    expect(own.body).toEqual(await surveyReport(admin, surveyA, range()));

    const other = await api(staffToken, "GET", `/reports?surveyId=${surveyB}&${query}`);
    expect(other.status).toBe(404);
    expect(Object.keys(other.body)).toEqual(["error"]);
    expect(JSON.stringify(other.body)).not.toMatch(/opened|inbound|days/);

    expect((await api(await tokenFor(admin), "GET", `/reports?surveyId=${surveyB}&${query}`)).status).toBe(200);
    expect((await api(null, "GET", `/reports?surveyId=${surveyA}&${query}`)).status).toBe(401);
  });

  it("refuses bad parameters with a 400 naming the field", async () => {
    const token = await tokenFor(admin);
    const cases: Array<[string, RegExp]> = [
      [`from=${FROM}&to=${TO}`, /surveyId/],
      [`surveyId=${surveyA}&to=${TO}`, /from/],
      [`surveyId=${surveyA}&from=2026-02-30&to=${TO}`, /from: No such day/],
      [`surveyId=${surveyA}&from=${TO}&to=${FROM}`, /to: Must not be before/],
      [`surveyId=${surveyA}&from=2024-01-01&to=2025-06-01`, /at most 366 days/],
      [`surveyId=${surveyA}&from=${FROM}&to=${TO}&tz=Mars%2FOlympus`, /tz: Unknown time zone/],
      [`surveyId=${surveyA}&from=${FROM}&to=${TO}&tz=`, /tz: .*empty/],
      [`surveyId=abc&from=${FROM}&to=${TO}`, /surveyId/],
    ];
    for (const [query, message] of cases) {
      const answer = await api(token, "GET", `/reports?${query}`);
      expect([query, answer.status]).toEqual([query, 400]);
      expect(answer.body.error.message).toMatch(message);
    }
  });
});
