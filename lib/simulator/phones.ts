// The Phone simulator page: virtual phones that write to our numbers through the real,
// signed inbound webhook, and show the replies the simulated carrier handed them.
import { randomUUID } from "node:crypto";
import type { CurrentUser } from "@/lib/auth/access";
import { assertRole } from "@/lib/auth/assert-role";
import { getSql } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";
import { normalisePhoneNumber } from "@/lib/phone/normalise";
import { assertSimulatorEnabled } from "./enabled";
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
  assertRole(user, ["owner", "admin"]);
  await assertSimulatorEnabled();
}

export async function simulatorNumbers(user: CurrentUser): Promise<SimulatorNumber[]> {
  await allowed(user);
  return getSql()<SimulatorNumber[]>`
    select l.our_number as "ourNumber", l.channel, s.name as "surveyName"
    from number_links l join surveys s on s.id = l.survey_id order by l.our_number`;
}

export async function listPhones(user: CurrentUser): Promise<PhoneSummary[]> {
  await allowed(user);
  return getSql()<PhoneSummary[]>`
    select their_number as "theirNumber", max(created_at) as "lastAt", count(*)::int as count
    from simulator_messages group by their_number order by max(created_at) desc limit 50`;
}

export async function phoneMessages(user: CurrentUser, theirNumber: string): Promise<PhoneMessage[]> {
  await allowed(user);
  // Newest 200, shown oldest first.
  const rows = await getSql()<PhoneMessage[]>`
    select id::int, direction, channel, our_number as "ourNumber", text, outcome, created_at as "createdAt"
    from simulator_messages where their_number = ${theirNumber} order by id desc limit 200`;
  return rows.reverse();
}

export type PhoneSendResult = { theirNumber: string; accepted: boolean; detail: string };

/** A virtual phone sends a text: it arrives through a signed POST to /api/vonage/inbound. */
export async function sendFromPhone(
  user: CurrentUser,
  input: { ourNumber: string; theirNumber: string; text: string },
): Promise<PhoneSendResult> {
  await allowed(user);
  const their = normalisePhoneNumber(input.theirNumber);
  if (!their.ok) throw new AppError("bad_request", `Phone number: ${their.error}`);
  const text = input.text.trim();
  if (!text) throw new AppError("bad_request", "Type a message to send.");
  if (text.length > MAX_PHONE_TEXT) throw new AppError("bad_request", `A message can be at most ${MAX_PHONE_TEXT} characters here.`);
  const [link] = await getSql()<Array<{ channel: "sms" | "whatsapp" }>>`select channel from number_links where our_number = ${input.ourNumber}`;
  if (!link) throw new AppError("bad_request", "Pick one of your numbers (Users > Conversations).");

  const uuid = randomUUID();
  const common = { message_uuid: uuid, to: input.ourNumber, from: their.number, timestamp: new Date().toISOString(), message_type: "text", text };
  const payload =
    link.channel === "whatsapp"
      ? { ...common, channel: "whatsapp", profile: { name: "Simulated phone" } }
      : { ...common, channel: "sms", sms: { num_messages: "1" } };
  await getSql()`
    insert into simulator_messages (direction, channel, our_number, their_number, text, message_uuid, outcome)
    values ('to_us', ${link.channel}, ${input.ourNumber}, ${their.number}, ${text}, ${uuid}, 'sending')`;
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
  await getSql()`update simulator_messages set outcome = ${outcome} where message_uuid = ${uuid} and direction = 'to_us'`;
  return { theirNumber: their.number, accepted: outcome !== "unreachable" && !outcome.startsWith("http"), detail };
}
