// SPEC §9 "Person": the person's other cases in every survey the user may see, and the
// WhatsApp profile name — a staff user never learns of another survey's case.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getCasePerson } from "@/lib/cases/person";
import { getDb, getSql } from "@/lib/db/client";
import { cases, surveyAccess } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { asUser, createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const SUPPORT = "447700900010";
const SALES = "447700900020";
const WHATSAPP = "447700900030";
const PERSON = "447700555001";
let admin: CurrentUser;
let staff: CurrentUser;
let supportId: number;
let salesId: number;
let chatId: number;

async function send(body: unknown) {
  const response = await POST(signedRequest("http://localhost/api/vonage/inbound", body));
  expect(response.status).toBe(200);
}

function whatsapp(from: string, text: string, profileName: string | null, at: Date) {
  return {
    channel: "whatsapp",
    message_uuid: randomUUID(),
    to: WHATSAPP,
    from,
    timestamp: at.toISOString(),
    message_type: "text",
    text,
    ...(profileName === null ? {} : { profile: { name: profileName } }),
  };
}

const caseOf = async (surveyId: number, title: string) => {
  const rows = await getDb().select().from(cases);
  return rows.find((c) => c.surveyId === surveyId && c.title === title)!;
};

beforeAll(async () => {
  useWebhookSecret();
  supportId = (await createSurvey({ name: "Support" })).id;
  salesId = (await createSurvey({ name: "Sales" })).id;
  await createLink({ ourNumber: SUPPORT, surveyId: supportId });
  await createLink({ ourNumber: SALES, surveyId: salesId });
  // Its own survey: a survey's open case of the number would take the WhatsApp messages too.
  chatId = (await createSurvey({ name: "Chat" })).id;
  await createLink({ ourNumber: WHATSAPP, surveyId: chatId, channel: "whatsapp" });
  admin = asUser(await createUser({ email: "admin@example.com", role: "admin", password: "password-1" }));
  staff = asUser(await createUser({ email: "staff@example.com", role: "staff", password: "password-1" }));
  await getDb().insert(surveyAccess).values([
    { userId: staff.id, surveyId: supportId },
    { userId: staff.id, surveyId: chatId },
  ]);

  await send(inboundSms({ from: PERSON, to: SUPPORT, text: "Broken boiler" }));
  await send(inboundSms({ from: PERSON, to: SUPPORT, text: "#0 A second support question" }));
  await send(inboundSms({ from: PERSON, to: SALES, text: "Secret sales enquiry" }));
  await send(inboundSms({ from: "447700555999", to: SUPPORT, text: "Someone else" }));
  const hour = 3600_000;
  await send(whatsapp(PERSON, "Hello on WhatsApp", "Jane Smith", new Date(Date.now() - 3 * hour)));
  await send(whatsapp(PERSON, "Again, without a name", null, new Date(Date.now() - 2 * hour)));
});

describe("getCasePerson", () => {
  it("lists the person's other cases, newest first, with survey names and status labels", async () => {
    const boiler = await caseOf(supportId, "Broken boiler");
    const person = await getCasePerson(admin, boiler.id);
    expect(person.theirNumber).toBe(PERSON);
    expect(person.otherCases.map((c) => c.title)).toEqual(["Hello on WhatsApp", "Secret sales enquiry", "A second support question"]);
    const sales = person.otherCases.find((c) => c.title === "Secret sales enquiry")!;
    expect(sales).toMatchObject({ surveyId: salesId, surveyName: "Sales", statusLabel: "New", open: true, reference: `#${sales.id}` });
    expect(person.otherCases.some((c) => c.id === boiler.id)).toBe(false);
    expect(person.moreOtherCases).toBe(false);
  });

  it("never shows a staff user a case of a survey they may not see", async () => {
    const boiler = await caseOf(supportId, "Broken boiler");
    const person = await getCasePerson(staff, boiler.id);
    expect(person.otherCases.map((c) => c.title)).toEqual(["Hello on WhatsApp", "A second support question"]);
    expect(person.otherCases.every((c) => c.surveyId !== salesId)).toBe(true);
  });

  it("answers 404 for the other survey's case itself", async () => {
    const sales = await caseOf(salesId, "Secret sales enquiry");
    await expect(getCasePerson(staff, sales.id)).rejects.toMatchObject(new AppError("not_found", "Case not found."));
  });

  it("shows the WhatsApp profile name of the latest message that had one", async () => {
    const chat = await caseOf(chatId, "Hello on WhatsApp");
    expect((await getCasePerson(staff, chat.id)).profileName).toBe("Jane Smith");
    await send(whatsapp(PERSON, "Name changed", "Jane S.", new Date(Date.now() - 1000)));
    expect((await getCasePerson(staff, chat.id)).profileName).toBe("Jane S.");
    // SMS brings no profile name, and one sent to the WhatsApp number is not the SMS case's.
    const boiler = await caseOf(supportId, "Broken boiler");
    expect((await getCasePerson(staff, boiler.id)).profileName).toBeNull();
  });

  it("finds the other cases through the their_number index, not by reading every case", async () => {
    const sql = getSql();
    // Enough other people for the planner to prefer an index, as on a real install.
    await sql`
      insert into cases (survey_id, their_number, our_number, channel, title)
      select ${salesId}, '4477006' || lpad(i::text, 5, '0'), ${SALES}, 'sms', 'Filler'
      from generate_series(1, 5000) as i`;
    await sql`analyze cases`;
    const sales = await caseOf(salesId, "Secret sales enquiry");
    const plan = (
      await sql.unsafe(
        `explain select id from cases where their_number = $1 and id <> $2 order by last_activity_at desc, id desc limit 21`,
        [PERSON, sales.id],
      )
    ).map((r) => r["QUERY PLAN"] as string);
    expect(plan.join("\n")).toMatch(/cases_their_number_prefix_idx/);
    expect(plan.join("\n")).not.toMatch(/Seq Scan on cases/);
  });
});
