// The Phone simulator page: virtual phones that write to our numbers through the real,
// signed inbound webhook, and show the replies the simulated carrier handed them.
import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, max } from "drizzle-orm";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { numberLinks, simulatorMessages, surveys } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { normalisePhoneNumber } from "@/lib/phone/normalise";
import { internalBaseUrl } from "@/lib/server/internal-url";
import { assertSimulatorEnabled } from "./enabled";
import { isSampleFileName, samplePath, SAMPLE_FILES, type SampleFileName } from "./sample-files";
import { postSignedWebhook } from "./signed-post";

export type SimulatorNumber = { ourNumber: string; channel: "sms" | "whatsapp"; surveyName: string };
export type PhoneMessage = {
  id: number;
  direction: "to_us" | "to_phone";
  channel: "sms" | "whatsapp";
  ourNumber: string;
  text: string;
  outcome: string | null;
  createdAt: string;
};
export type PhoneSummary = { theirNumber: string; lastAt: string; count: number };

export const MAX_PHONE_TEXT = 2_000;

async function allowed(user: CurrentUser): Promise<void> {
  assertRole(user, ADMIN_ROLES);
  await assertSimulatorEnabled();
}

export async function simulatorNumbers(user: CurrentUser): Promise<SimulatorNumber[]> {
  await allowed(user);
  return getDb()
    .select({ ourNumber: numberLinks.ourNumber, channel: numberLinks.channel, surveyName: surveys.name })
    .from(numberLinks)
    .innerJoin(surveys, eq(surveys.id, numberLinks.surveyId))
    .orderBy(asc(numberLinks.ourNumber));
}

export async function listPhones(user: CurrentUser): Promise<PhoneSummary[]> {
  await allowed(user);
  const rows = await getDb()
    .select({ theirNumber: simulatorMessages.theirNumber, lastAt: max(simulatorMessages.createdAt), count: count() })
    .from(simulatorMessages)
    .groupBy(simulatorMessages.theirNumber)
    .orderBy(desc(max(simulatorMessages.createdAt)))
    .limit(50);
  return rows.map((r) => ({ theirNumber: r.theirNumber, lastAt: (r.lastAt ?? new Date(0)).toISOString(), count: r.count }));
}

export async function phoneMessages(user: CurrentUser, theirNumber: string): Promise<PhoneMessage[]> {
  await allowed(user);
  // Newest 200, shown oldest first.
  const rows = await getDb()
    .select({
      id: simulatorMessages.id,
      direction: simulatorMessages.direction,
      channel: simulatorMessages.channel,
      ourNumber: simulatorMessages.ourNumber,
      text: simulatorMessages.text,
      outcome: simulatorMessages.outcome,
      createdAt: simulatorMessages.createdAt,
    })
    .from(simulatorMessages)
    .where(eq(simulatorMessages.theirNumber, theirNumber))
    .orderBy(desc(simulatorMessages.id))
    .limit(200);
  return rows.reverse().map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export type PhoneSendResult = { theirNumber: string; accepted: boolean; detail: string };

/**
 * The Vonage payload of a phone's message: a text, or — with a sample file attached — an image
 * or file message whose URL is on the app's own simulator (SPEC §11), with the text as its
 * caption; on an SMS number that is an MMS, as Vonage delivers pictures sent to one.
 */
function phonePayload(input: { uuid: string; ourNumber: string; theirNumber: string; channel: "sms" | "whatsapp"; text: string; attachment?: SampleFileName }) {
  const common = { message_uuid: input.uuid, to: input.ourNumber, from: input.theirNumber, timestamp: new Date().toISOString() };
  const whatsapp = input.channel === "whatsapp" ? { channel: "whatsapp", profile: { name: "Simulated phone" } } : null;
  if (!input.attachment) {
    return { ...common, message_type: "text", text: input.text, ...(whatsapp ?? { channel: "sms", sms: { num_messages: "1" } }) };
  }
  const { messageType } = SAMPLE_FILES[input.attachment];
  const url = `${internalBaseUrl()}${samplePath(input.attachment)}`;
  const caption = input.text ? { caption: input.text } : {};
  const content = messageType === "image" ? { image: { url, ...caption } } : { file: { url, name: input.attachment, ...caption } };
  return { ...common, message_type: messageType, ...content, ...(whatsapp ?? { channel: "mms" }) };
}

/**
 * A virtual phone sends a text, or a sample file with an optional caption: it arrives through
 * a signed POST to /api/vonage/inbound.
 */
export async function sendFromPhone(
  user: CurrentUser,
  input: { ourNumber: string; theirNumber: string; text: string; attachment?: SampleFileName },
): Promise<PhoneSendResult> {
  await allowed(user);
  const their = normalisePhoneNumber(input.theirNumber);
  if (!their.ok) throw new AppError("bad_request", `Phone number: ${their.error}`);
  const text = input.text.trim();
  if (input.attachment !== undefined && !isSampleFileName(input.attachment)) throw new AppError("bad_request", "Pick one of the sample files to attach.");
  if (!text && !input.attachment) throw new AppError("bad_request", "Type a message to send.");
  if (text.length > MAX_PHONE_TEXT) throw new AppError("bad_request", `A message can be at most ${MAX_PHONE_TEXT} characters here.`);
  const [link] = await getDb().select({ channel: numberLinks.channel }).from(numberLinks).where(eq(numberLinks.ourNumber, input.ourNumber)).limit(1);
  if (!link) throw new AppError("bad_request", "Pick one of your numbers (Users > Conversations).");

  const uuid = randomUUID();
  const payload = phonePayload({ uuid, ourNumber: input.ourNumber, theirNumber: their.number, channel: link.channel, text, attachment: input.attachment });
  await getDb().insert(simulatorMessages).values({
    direction: "to_us",
    channel: link.channel,
    ourNumber: input.ourNumber,
    theirNumber: their.number,
    text: input.attachment ? `📎 ${input.attachment}${text ? `\n${text}` : ""}` : text,
    messageUuid: uuid,
    outcome: "sending",
  });
  let outcome: string;
  let detail: string;
  try {
    const answer = await postSignedWebhook("/api/vonage/inbound", payload);
    const routed = (answer.body as { outcome?: string } | null)?.outcome;
    outcome = answer.status === 200 ? (routed ?? "received") : `http ${answer.status}`;
    detail = answer.status === 200 ? "Delivered to Caseline." : `Caseline answered ${answer.status}.`;
  } catch (error) {
    outcome = "unreachable";
    detail = `Caseline could not be reached: ${error instanceof Error ? error.message : String(error)}`;
  }
  await getDb()
    .update(simulatorMessages)
    .set({ outcome })
    .where(and(eq(simulatorMessages.messageUuid, uuid), eq(simulatorMessages.direction, "to_us")));
  return { theirNumber: their.number, accepted: outcome !== "unreachable" && !outcome.startsWith("http"), detail };
}
