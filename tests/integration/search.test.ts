// SPEC §9 search: words in message bodies and thread notes (all of them, any order, whole
// words, any case and accent) besides titles, notes, `#123` and number prefixes — only in
// the surveys the user may see, with the matching words marked in a plain-text snippet.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { listCases, type CaseListItem } from "@/lib/cases/read-queries";
import { searchTuning } from "@/lib/cases/text-search";
import { getDb, getSql } from "@/lib/db/client";
import { caseNotes } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { api, tokenFor } from "../support/api";
import { casesOf } from "../support/inspect";
import { asUser, createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const SUPPORT_NUMBER = "447700900500";
const HOUSING_NUMBER = "447700900600";
let owner: CurrentUser;
let staff: CurrentUser;
let support: number;
let housing: number;
let boilerCase: number;
let cafeCase: number;
let housingCase: number;
let notedCase: number;
let dampCase: number;

async function message(from: string, to: string, text: string) {
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to, text })));
  expect(response.status).toBe(200);
}

async function caseOf(number: string): Promise<number> {
  return (await casesOf(number))[0]!.id as number;
}

const ids = (items: CaseListItem[]) => items.map((item) => item.id);
const marked = (item: CaseListItem | undefined) => item?.match?.snippet.filter((part) => part.hit).map((part) => part.text);
const snippetText = (item: CaseListItem | undefined) => item?.match?.snippet.map((part) => part.text).join("");

beforeAll(async () => {
  useWebhookSecret();
  support = (await createSurvey({ name: "Support" })).id;
  housing = (await createSurvey({ name: "Housing" })).id;
  await createLink({ ourNumber: SUPPORT_NUMBER, surveyId: support });
  await createLink({ ourNumber: HOUSING_NUMBER, surveyId: housing });
  owner = asUser(await createUser({ email: "owner@example.com", role: "owner", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${support})`;

  // The title comes from the first message; the words searched for are only in later ones.
  await message("447911000001", SUPPORT_NUMBER, "Hello");
  await message("447911000001", SUPPORT_NUMBER, "The radiator in the kitchen stopped working, water on the floor");
  boilerCase = await caseOf("447911000001");
  await message("447911000002", SUPPORT_NUMBER, "Good morning");
  await message("447911000002", SUPPORT_NUMBER, "Le Café de JOSÉ est fermé le dimanche");
  cafeCase = await caseOf("447911000002");
  // Another survey: the same word, and a word of its own.
  await message("447911000003", HOUSING_NUMBER, "Question");
  await message("447911000003", HOUSING_NUMBER, "The radiator leaks, ask for Mrs Pomeroy");
  housingCase = await caseOf("447911000003");
  await message("447911000004", SUPPORT_NUMBER, "Invoice");
  notedCase = await caseOf("447911000004");
  await getDb().insert(caseNotes).values({ caseId: notedCase, text: "Spoke to the landlord: the gutter is blocked" });
  // A word in an older case the staff user may see, and in two newer ones they may not.
  await message("447911000006", SUPPORT_NUMBER, "Hi");
  await message("447911000006", SUPPORT_NUMBER, "There is damp in the hall");
  dampCase = await caseOf("447911000006");
  await message("447911000007", HOUSING_NUMBER, "Damp on the ceiling");
  await message("447911000008", HOUSING_NUMBER, "Damp again");
});

afterAll(() => {
  searchTuning.walkFrom = 20_000;
});

// Both ways of finding the cases (lib/cases/text-search.ts) must give the same answers: the
// walk (cases newest first, for common words) and the collection from the index (rare ones).
describe.each([
  ["walking cases newest first", 0],
  ["collecting from the index", Infinity],
])("search in message bodies, %s", (_plan, walkFrom) => {
  beforeAll(() => {
    searchTuning.walkFrom = walkFrom;
  });

  it("finds a word that only a message body holds, with the message and its words marked", async () => {
    const { items } = await listCases(owner, { q: "radiator", surveyId: support });
    expect(ids(items)).toEqual([boilerCase]);
    const [thread] = await getSql()`select m.id::int from case_messages cm join messages m on m.id = cm.message_id
      where cm.case_id = ${boilerCase} and m.text like 'The radiator%'`;
    expect(items[0]!.match).toEqual({
      source: "message",
      id: thread!.id,
      snippet: [
        { text: "The ", hit: false },
        { text: "radiator", hit: true },
        { text: " in the kitchen stopped working, water on the floor", hit: false },
      ],
    });
  });

  it("needs every word, in any order, ignoring case and accents, and marks them as written", async () => {
    const { items } = await listCases(owner, { q: "jose CAFE" });
    expect(ids(items)).toEqual([cafeCase]);
    expect(marked(items[0])).toEqual(["Café", "JOSÉ"]);
    expect(snippetText(items[0])).toBe("Le Café de JOSÉ est fermé le dimanche");
    expect(ids((await listCases(owner, { q: "fermé dimanche le" })).items)).toEqual([cafeCase]);
    expect(ids((await listCases(owner, { q: "FERME" })).items)).toEqual([cafeCase]);
    expect((await listCases(owner, { q: "cafe radiator" })).items).toEqual([]);
  });

  it("matches whole words: no stems, no prefixes (stop does not find stopped)", async () => {
    expect((await listCases(owner, { q: "stop" })).items).toEqual([]);
    expect((await listCases(owner, { q: "radia" })).items).toEqual([]);
    expect(ids((await listCases(owner, { q: "stopped" })).items)).toEqual([boilerCase]);
    expect(ids((await listCases(owner, { q: "Stopped, radiator!" })).items)).toEqual([boilerCase]);
  });

  it("searches every survey the user may see, newest activity first, and pages without gaps", async () => {
    const { items } = await listCases(owner, { q: "radiator" });
    expect(ids(items)).toEqual([housingCase, boilerCase]);
    const first = await listCases(owner, { q: "radiator", limit: 1 });
    expect(ids(first.items)).toEqual([housingCase]);
    const second = await listCases(owner, { q: "radiator", limit: 1, cursor: first.nextCursor! });
    expect(ids(second.items)).toEqual([boilerCase]);
    expect(second.nextCursor).toBeNull();
    expect(ids((await listCases(owner, { q: "radiator", state: "closed" })).items)).toEqual([]);
  });

  it("never shows a staff user another survey's case or text", async () => {
    const { items } = await listCases(staff, { q: "radiator" });
    expect(ids(items)).toEqual([boilerCase]);
    expect(snippetText(items[0])).not.toContain("Pomeroy");
    expect((await listCases(staff, { q: "Pomeroy" })).items).toEqual([]);
    expect(ids((await listCases(owner, { q: "Pomeroy" })).items)).toEqual([housingCase]);
    await expect(listCases(staff, { q: "Pomeroy", surveyId: housing })).rejects.toBeInstanceOf(AppError);
  });

  it("fills a staff user's page with what they may see, past newer matches they may not", async () => {
    expect(ids((await listCases(owner, { q: "damp", limit: 2 })).items)).not.toContain(dampCase);
    const page = await listCases(staff, { q: "damp", limit: 1 });
    expect(ids(page.items)).toEqual([dampCase]);
    expect(page.nextCursor).toBeNull();
  });

  it("finds words in thread notes, shown as the note", async () => {
    const { items } = await listCases(staff, { q: "gutter landlord" });
    expect(ids(items)).toEqual([notedCase]);
    expect(items[0]!.match).toMatchObject({ source: "note", id: expect.any(Number) });
    expect(marked(items[0])).toEqual(["landlord", "gutter"]);
  });

  it("keeps titles and notes (as typed), #123 and number prefixes", async () => {
    await getSql()`update cases set notes = 'Engineer booked for Tuesday' where id = ${cafeCase}`;
    const title = await listCases(owner, { q: "ell" });
    expect(ids(title.items)).toEqual([boilerCase]);
    expect(title.items[0]!.match).toBeUndefined();
    expect(ids((await listCases(owner, { q: "engineer book" })).items)).toEqual([cafeCase]);
    expect(ids((await listCases(owner, { q: `#${housingCase}` })).items)).toEqual([housingCase]);
    expect(ids((await listCases(staff, { q: `#${housingCase}` })).items)).toEqual([]);
    expect(ids((await listCases(owner, { q: String(cafeCase) })).items)).toContain(cafeCase);
    expect(ids((await listCases(owner, { phone: "+44 7911 000 00" })).items)).toEqual(expect.arrayContaining([boilerCase, cafeCase, housingCase, notedCase]));
    expect(ids((await listCases(staff, { phone: "+44 7911 000 00" })).items)).not.toContain(housingCase);
    expect(ids((await listCases(owner, { phone: "447911000003", q: "radiator" })).items)).toEqual([housingCase]);
  });

  it("answers a query without words, and text that tries to forge marks, as plain text", async () => {
    expect(ids((await listCases(owner, { q: "!!!" })).items)).toEqual([]);
    await message("447911000005", SUPPORT_NUMBER, "Hi");
    await message("447911000005", SUPPORT_NUMBER, "<b>mould</b> \u0002in\u0003 the bathroom");
    const { items } = await listCases(owner, { q: "mould" });
    // ts_headline leaves tags out; the control characters it marks words with are spaces.
    expect(items[0]!.match!.snippet).toEqual([
      { text: "mould", hit: true },
      { text: " in the bathroom", hit: false },
    ]);
  });

  it("returns the match through GET /api/v1/cases?q=, in its documented shape", async () => {
    const answer = await api(await tokenFor(staff), "GET", "/cases?q=kitchen%20RADIATOR");
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(1);
    expect(answer.body.items[0]).toMatchObject({ id: boilerCase, match: { source: "message" } });
    expect(marked(answer.body.items[0])).toEqual(["radiator", "kitchen"]);
    const none = await api(await tokenFor(staff), "GET", "/cases?q=Pomeroy");
    expect(none.body.items).toEqual([]);
  });
});
