// SPEC §14 CSV export through the real /api/v1 route modules on real PostgreSQL: nasty content
// round-trips through a CSV parser, the range is the viewer's days, a staff user of another
// survey gets nothing, bad parameters are 400s that say why, and a large export streams. Users
// are shown by name (email only when it is blank), files by Caseline's own address, at most
// 2 exports run at once (1 per user), and the session cookie is taken from the app's own pages only.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as casesCsv } from "@/app/api/v1/exports/cases.csv/route";
import { GET as messagesCsv } from "@/app/api/v1/exports/messages.csv/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { exportLimiter } from "@/lib/exports/export-limiter";
import { tokenFor } from "../support/api";
import { asUser, createSurvey } from "../support/seed";

// The session cookie's user (the endpoint loads lib/auth/guards only on the cookie path).
const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("@/lib/auth/guards", () => ({
  requireUser: async () => {
    if (!session.user) throw new Error("no session user set");
    return session.user;
  },
}));

const BERLIN = "Europe/Berlin";
const LONG = "long ".repeat(20_000) + "end";
/** Each as a message's text; a title or note too. */
const NASTY = [
  "plain",
  "a, b, c",
  'she said "hello", then left',
  "line one\r\nline two",
  "line one\nline two",
  "lone\rCR",
  "emoji 😀👍🏽 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "RTL: שלום עולם مرحبا بالعالم",
  "=HYPERLINK(\"http://evil.example\",\"click\")",
  "+44 7700 900000",
  "-2+3",
  "@SUM(A1:A9)",
  "\tstarts with a tab",
  "\rstarts with CR",
  "",
  LONG,
];
const FORMULA_START = /^[=+\-@\t\r]/;
const spreadsheetSafe = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

let admin: CurrentUser;
let staff: CurrentUser;
let outsider: CurrentUser;
let surveyId: number;
let otherSurveyId: number;
let caseId: number;

type Route = typeof casesCsv;
async function download(route: Route, query: string, token: string) {
  const response = await route(new Request(`http://localhost/api/v1/exports/x.csv?${query}`, { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({}),
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
}

function rowsOf(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, relax_quotes: false });
}

async function addMessage(kase: number, at: string, text: string, direction: "inbound" | "outbound" = "inbound") {
  const [m] = await getSql()`
    insert into messages (direction, channel, our_number, their_number, text, status, at)
    values (${direction}, 'sms', '15550001000', '447700900123', ${text}, ${direction === "inbound" ? "received" : "delivered"}, ${at}::timestamptz)
    returning id::int`;
  await getSql()`insert into case_messages (case_id, message_id) values (${kase}, ${m!.id})`;
  // As routing and replies do: a message is the case's latest activity.
  await getSql()`update cases set last_activity_at = greatest(last_activity_at, ${at}::timestamptz) where id = ${kase}`;
  return m!.id as number;
}

async function addCase(survey: number, createdAt: string, title: string, notes = "") {
  const [c] = await getSql()`
    insert into cases (survey_id, their_number, our_number, channel, title, notes, status, open, created_at, last_activity_at)
    values (${survey}, '447700900123', '15550001000', 'sms', ${title}, ${notes}, 'new', true, ${createdAt}::timestamptz, ${createdAt}::timestamptz)
    returning id::int`;
  return c!.id as number;
}

/** 30,000 messages in one case of the other survey on 1 May 2026 (once per file). */
let large: Promise<void> | null = null;
function seedLarge() {
  large ??= (async () => {
    const kase = await addCase(otherSurveyId, "2026-05-01T00:00:00Z", "Large");
    await getSql()`
      insert into messages (direction, channel, our_number, their_number, text, status, at)
      select 'inbound', 'sms', '15550001000', '447700900124', 'message number ' || i || ', with a comma', 'received',
             '2026-05-01T00:00:00Z'::timestamptz + make_interval(secs => i)
      from generate_series(1, 30000) as i`;
    // Fresh statistics, so the foreign key checks below use the index (a "tiny" table's plan
    // would scan it once per row).
    await getSql()`analyze messages`;
    await getSql()`insert into case_messages (case_id, message_id) select ${kase}, id from messages where their_number = '447700900124'`;
    await getSql()`update cases set last_activity_at = '2026-05-01T00:00:00Z'::timestamptz + interval '30000 seconds' where id = ${kase}`;
  })();
  return large;
}

beforeAll(async () => {
  surveyId = (await createSurvey({ name: "Support" })).id;
  otherSurveyId = (await createSurvey({ name: "Other" })).id;
  admin = asUser(await createUser({ email: "admin@export.test", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@export.test", role: "staff", password: "password-1" }));
  outsider = asUser(await createUser({ email: "outsider@export.test", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${surveyId}), (${outsider.id}, ${otherSurveyId})`;
  caseId = await addCase(surveyId, "2026-03-10T09:00:00Z", "=cmd|' /C calc'!A0", "note, with \"quotes\"\r\nand lines");
  await getSql()`update cases set assignee_id = ${staff.id} where id = ${caseId}`;
  for (const [i, text] of NASTY.entries()) await addMessage(caseId, `2026-03-10T10:00:${String(i).padStart(2, "0")}Z`, text);
});

describe("GET /exports/messages.csv", () => {
  it("round-trips nasty text through a CSV parser, with a BOM, CRLF and formulas defused", async () => {
    const token = await tokenFor(staff);
    const answer = await download(messagesCsv, `surveyId=${surveyId}&from=2026-03-10&to=2026-03-10&tz=${BERLIN}`, token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(answer.headers.get("content-disposition")).toContain(`caseline-survey-${surveyId}-messages-2026-03-10-to-2026-03-10.csv`);
    expect([...answer.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = answer.text.slice(1, answer.text.indexOf("\r\n"));
    expect(header).toBe("case_id,message_id,at,direction,channel,our_number,their_number,type,text,status,automatic,sent_by,media_type,media_url");
    // Every record ends with CRLF; no line end outside quotes is a bare LF.
    expect(answer.text.endsWith("\r\n")).toBe(true);
    // A lone CR inside a field is quoted (else many readers would split the record there).
    expect(answer.text).toContain('"lone\rCR"');

    const rows = rowsOf(answer.text);
    expect(rows.map((r) => r.text)).toEqual(NASTY.map(spreadsheetSafe));
    expect(rows[0]).toMatchObject({ case_id: String(caseId), at: "2026-03-10T11:00:00+01", direction: "inbound", channel: "sms", automatic: "no" });
    expect(rows.find((r) => r.text?.startsWith("long"))!.text).toHaveLength(LONG.length);
  });

  it("takes the range as days in the viewer's time zone, both ends included", async () => {
    const kase = await addCase(surveyId, "2026-04-01T12:00:00Z", "Boundaries");
    // Berlin is UTC+2 in April: 2 April runs from 1 April 22:00 UTC to 2 April 22:00 UTC.
    await addMessage(kase, "2026-04-01T21:59:59.999Z", "before");
    await addMessage(kase, "2026-04-01T22:00:00Z", "first instant");
    await addMessage(kase, "2026-04-02T21:59:59.999Z", "last instant");
    await addMessage(kase, "2026-04-02T22:00:00Z", "after");
    const token = await tokenFor(admin);
    const berlin = rowsOf((await download(messagesCsv, `surveyId=${surveyId}&from=2026-04-02&to=2026-04-02&tz=${BERLIN}`, token)).text);
    expect(berlin.map((r) => [r.text, r.at])).toEqual([
      ["first instant", "2026-04-02T00:00:00+02"],
      ["last instant", "2026-04-02T23:59:59+02"],
    ]);
    const utc = rowsOf((await download(messagesCsv, `surveyId=${surveyId}&from=2026-04-02&to=2026-04-02&tz=UTC`, token)).text);
    expect(utc.map((r) => r.text)).toEqual(["last instant", "after"]);
  });

  it("gives a user without the survey nothing, and does not log an export for them", async () => {
    const before = await getSql()`select count(*)::int as n from audit_log where action like '%.exported'`;
    for (const route of [messagesCsv, casesCsv]) {
      const answer = await download(route, `surveyId=${surveyId}&from=2026-03-01&to=2026-03-31`, await tokenFor(outsider));
      expect(answer.status).toBe(404);
      expect(answer.headers.get("content-type")).toContain("application/json");
      expect(answer.text).not.toContain("plain");
      expect(JSON.parse(answer.text)).toEqual({ error: { code: "not_found", message: "Survey not found." } });
    }
    const missing = await download(casesCsv, `surveyId=999999&from=2026-03-01&to=2026-03-31`, await tokenFor(admin));
    expect(missing.status).toBe(404);
    expect(await getSql()`select count(*)::int as n from audit_log where action like '%.exported'`).toEqual(before);
  });

  it("answers bad parameters with a 400 naming the parameter", async () => {
    const token = await tokenFor(admin);
    const cases: Array<[string, RegExp]> = [
      [`from=2026-03-01&to=2026-03-31`, /surveyId/],
      [`surveyId=${surveyId}&from=2026-02-30&to=2026-03-31`, /from: No such day/],
      [`surveyId=${surveyId}&from=2026-03-31&to=2026-03-01`, /to: Must not be before `from`/],
      [`surveyId=${surveyId}&from=2020-01-01&to=2026-03-01`, /at most 731 days/],
      [`surveyId=${surveyId}&from=2026-03-01&to=2026-03-31&tz=Mars/Olympus`, /tz: Unknown time zone/],
      [`surveyId=abc&from=2026-03-01&to=2026-03-31`, /surveyId/],
    ];
    for (const [query, message] of cases) {
      const answer = await download(messagesCsv, query, token);
      expect(answer.status, query).toBe(400);
      expect(JSON.parse(answer.text).error.message, query).toMatch(message);
    }
  });

  it("streams a large export completely", async () => {
    await seedLarge();
    const answer = await download(messagesCsv, `surveyId=${otherSurveyId}&from=2026-05-01&to=2026-05-01&tz=UTC`, await tokenFor(outsider));
    expect(answer.status).toBe(200);
    const rows = rowsOf(answer.text);
    expect(rows).toHaveLength(30000);
    expect(rows[0]!.text).toBe("message number 1, with a comma");
    expect(rows.at(-1)!.text).toBe("message number 30000, with a comma");
  });
  it("reads only as the client reads: a client that goes away after the first bytes ends the query", async () => {
    await seedLarge();
    const url = `http://localhost/api/v1/exports/messages.csv?surveyId=${otherSurveyId}&from=2026-05-01&to=2026-05-01&tz=UTC`;
    const response = await messagesCsv(new Request(url, { headers: { authorization: `Bearer ${await tokenFor(outsider)}` } }), { params: Promise.resolve({}) });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Not the whole file: the cursor has fetched a batch or two, not 30,000 rows.
    expect(first.value!.byteLength).toBeLessThan(1_000_000);
    // Its transaction is open, between two fetches of the cursor …
    const openExports = async () =>
      (await getSql()`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query like '%case_messages cm%' and state <> 'idle'`)[0]!.n;
    expect(await openExports()).toBe(1);
    await reader.cancel();
    // … and once the client has gone, the cursor is closed and the transaction ended.
    await expect.poll(openExports).toBe(0);
  });
});

describe("GET /exports/cases.csv", () => {
  it("lists the cases opened in the range with their fields, defused and quoted, and logs the export", async () => {
    const answer = await download(casesCsv, `surveyId=${surveyId}&from=2026-03-10&to=2026-03-10&tz=${BERLIN}`, await tokenFor(staff));
    expect(answer.status).toBe(200);
    expect([...answer.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(answer.text);
    expect(rows).toEqual([
      expect.objectContaining({
        case_id: String(caseId),
        title: "'=cmd|' /C calc'!A0",
        status: "new",
        open: "yes",
        // The staff user has no name: shown by email, as everywhere in Caseline.
        assignee: "staff@export.test",
        created_at: "2026-03-10T10:00:00+01",
        closed_at: "",
        notes: 'note, with "quotes"\r\nand lines',
        answers: "{}",
      }),
    ]);
    expect(Object.keys(rows[0]!)).not.toContain("assignee_email");
    const [entry] = await getSql()`select action, actor_user_id as user_id, survey_id, after from audit_log where action = 'cases.exported' order by id desc limit 1`;
    expect(entry).toEqual({ action: "cases.exported", user_id: staff.id, survey_id: surveyId, after: { from: "2026-03-10", to: "2026-03-10", tz: BERLIN } });
  });

  it("shows the assignee by name, never a named colleague's email", async () => {
    const named = await createUser({ email: "ada.private@export.test", name: "Ada Lovelace", role: "staff", password: "password-1" });
    const kase = await addCase(surveyId, "2026-03-15T09:00:00Z", "Assigned to Ada");
    await getSql()`update cases set assignee_id = ${named.id} where id = ${kase}`;
    const answer = await download(casesCsv, `surveyId=${surveyId}&from=2026-03-15&to=2026-03-15&tz=UTC`, await tokenFor(staff));
    expect(answer.text.slice(1, answer.text.indexOf("\r\n"))).toBe(
      "case_id,title,status,open,their_number,our_number,channel,assignee,created_at,first_response_at,closed_at,last_activity_at,message_count,notes,answers",
    );
    expect(rowsOf(answer.text)).toEqual([expect.objectContaining({ case_id: String(kase), assignee: "Ada Lovelace" })]);
    expect(answer.text).not.toContain("ada.private@export.test");
    // The messages CSV's sent_by follows the same rule.
    const message = await addMessage(kase, "2026-03-15T10:00:00Z", "from Ada", "outbound");
    await getSql()`update messages set sent_by = ${named.id} where id = ${message}`;
    const messages = await download(messagesCsv, `surveyId=${surveyId}&from=2026-03-15&to=2026-03-15&tz=UTC`, await tokenFor(staff));
    expect(rowsOf(messages.text).map((r) => r.sent_by)).toEqual(["Ada Lovelace"]);
    expect(messages.text).not.toContain("ada.private@export.test");
  });
});

describe("media in the messages CSV", () => {
  it("gives Caseline's own address of a kept file, never the provider's link; empty when no file is kept", async () => {
    const kase = await addCase(surveyId, "2026-03-20T09:00:00Z", "Media");
    const provider = (n: number) => `https://api-eu.vonage.com/v1/files/secret-${n}`;
    const withMedia = async (at: string, n: number) => {
      const id = await addMessage(kase, at, `media ${n}`);
      await getSql()`update messages set message_type = 'image', media = ${JSON.stringify({ type: "image", url: provider(n) })}::jsonb where id = ${id}`;
      return id;
    };
    const saved = await withMedia("2026-03-20T10:00:00Z", 1);
    const pending = await withMedia("2026-03-20T10:00:01Z", 2);
    await withMedia("2026-03-20T10:00:02Z", 3); // from before files were kept: no media_files row
    const [file] = await getSql()`
      insert into media_files (message_id, direction, kind, state, source_url, content_type, size, sha256, storage_key, saved_at)
      values (${saved}, 'inbound', 'image', 'saved', ${provider(1)}, 'image/jpeg', 3, 'abc', 'k1', now()) returning id::int`;
    await getSql()`insert into media_files (message_id, direction, kind, state, source_url) values (${pending}, 'inbound', 'image', 'pending', ${provider(2)})`;
    const answer = await download(messagesCsv, `surveyId=${surveyId}&from=2026-03-20&to=2026-03-20&tz=UTC`, await tokenFor(staff));
    expect(answer.status).toBe(200);
    expect(rowsOf(answer.text).map((r) => [r.text, r.type, r.media_type, r.media_url])).toEqual([
      ["media 1", "image", "image", `/api/v1/media/${file!.id}`],
      ["media 2", "image", "image", ""],
      ["media 3", "image", "image", ""],
    ]);
    expect(answer.text).not.toContain("vonage.com");
  });
});

describe("concurrent exports", () => {
  /** An export of the large survey whose client has read the first bytes and then waits. */
  async function holdExport(user: CurrentUser) {
    const url = `http://localhost/api/v1/exports/messages.csv?surveyId=${otherSurveyId}&from=2026-05-01&to=2026-05-01&tz=UTC`;
    const response = await messagesCsv(new Request(url, { headers: { authorization: `Bearer ${await tokenFor(user)}` } }), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    return reader;
  }
  const exportCount = async () => (await getSql()`select count(*)::int as n from audit_log where action like '%.exported'`)[0]!.n as number;

  it("runs at most 1 per user and 2 in the process, refusing more with 429 before any audit row; a slot comes back when its client goes away", async () => {
    await seedLarge();
    expect(exportLimiter.running()).toBe(0);
    const first = await holdExport(outsider);
    const audited = await exportCount();

    const again = await download(casesCsv, `surveyId=${otherSurveyId}&from=2026-05-01&to=2026-05-01`, await tokenFor(outsider));
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(again.headers.get("content-type")).toContain("application/json");
    expect(JSON.parse(again.text)).toEqual({ error: { code: "too_many_requests", message: expect.stringMatching(/already have an export running/) } });

    const second = await holdExport(admin);
    const full = await download(messagesCsv, `surveyId=${surveyId}&from=2026-03-10&to=2026-03-10`, await tokenFor(staff));
    expect(full.status).toBe(429);
    expect(Number(full.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.parse(full.text).error).toEqual({ code: "too_many_requests", message: expect.stringMatching(/2 exports are already running/) });
    // Refused before anything was written: only the two running exports are in the audit log.
    expect(await exportCount()).toBe(audited + 1);

    await first.cancel();
    await expect.poll(() => exportLimiter.running()).toBe(1);
    const now = await download(messagesCsv, `surveyId=${surveyId}&from=2026-03-10&to=2026-03-10`, await tokenFor(staff));
    expect(now.status).toBe(200);
    expect(rowsOf(now.text)).toHaveLength(NASTY.length);
    await second.cancel();
    await expect.poll(() => exportLimiter.running()).toBe(0);
  });

  it("gives the slot back when an export is refused (404) or read to its end", async () => {
    const token = await tokenFor(outsider);
    for (let i = 0; i < 3; i++) expect((await download(casesCsv, `surveyId=${surveyId}&from=2026-03-01&to=2026-03-31`, token)).status).toBe(404);
    expect(exportLimiter.running()).toBe(0);
    for (let i = 0; i < 3; i++) expect((await download(casesCsv, `surveyId=${otherSurveyId}&from=2026-05-01&to=2026-05-01`, token)).status).toBe(200);
    expect(exportLimiter.running()).toBe(0);
  });
});

describe("the session cookie", () => {
  /** A request signed in by the cookie (the mocked session), with the browser's headers. */
  async function byCookie(route: Route, headers: Record<string, string>) {
    session.user = admin;
    try {
      const response = await route(new Request(`http://localhost/api/v1/exports/cases.csv?surveyId=${surveyId}&from=2026-03-10&to=2026-03-10`, { headers }), {
        params: Promise.resolve({}),
      });
      return { status: response.status, text: await response.text() };
    } finally {
      session.user = null;
    }
  }
  const exportCount = async () => (await getSql()`select count(*)::int as n from audit_log where action like '%.exported'`)[0]!.n as number;

  it("is taken from the app's own pages: a same-origin link (as Chromium sends it), a typed address, a same-origin Origin", async () => {
    const cases: Array<Record<string, string>> = [
      { "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
      { "sec-fetch-site": "none" },
      { origin: "http://localhost" },
      {},
    ];
    for (const headers of cases) {
      const answer = await byCookie(casesCsv, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(200);
      expect(rowsOf(answer.text).map((r) => r.case_id)).toEqual([String(caseId)]);
    }
  });

  it("is refused (403) for a request another site started, before any audit row; a token still works from anywhere", async () => {
    const before = await exportCount();
    for (const route of [casesCsv, messagesCsv]) {
      const refused: Array<Record<string, string>> = [{ "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { origin: "https://evil.example" }];
      for (const headers of refused) {
        const answer = await byCookie(route, headers);
        expect(answer.status, JSON.stringify(headers)).toBe(403);
        expect(JSON.parse(answer.text)).toEqual({ error: { code: "forbidden", message: expect.stringMatching(/another site/) } });
      }
    }
    expect(await exportCount()).toBe(before);
    expect(exportLimiter.running()).toBe(0);
    const response = await casesCsv(
      new Request(`http://localhost/api/v1/exports/cases.csv?surveyId=${surveyId}&from=2026-03-10&to=2026-03-10`, {
        headers: { authorization: `Bearer ${await tokenFor(admin)}`, "sec-fetch-site": "cross-site", origin: "https://elsewhere.example" },
      }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    await response.text();
  });
});
