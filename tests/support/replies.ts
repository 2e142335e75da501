// Shared set-up for the reply tests: Vonage (the fake) as provider, and a case to reply to.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { POST as inbound } from "@/app/api/vonage/inbound/route";
import { POST as status } from "@/app/api/vonage/status/route";
import { getSql } from "@/lib/db/client";
import { casesOf } from "./inspect";
import { inboundSms, signedRequest } from "./webhooks";

export function pointSdkAtFakeVonage(url: string) {
  process.env.MESSAGING_PROVIDER = "vonage";
  process.env.VONAGE_API_HOST = url;
  process.env.VONAGE_APPLICATION_ID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
  process.env.VONAGE_PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** A case made the real way: a message from the person, through the inbound webhook. */
export async function caseFrom({ from, to, channel = "sms", at }: { from: string; to: string; channel?: "sms" | "whatsapp"; at?: Date }) {
  const body = { ...inboundSms({ from, to, text: "Hello there", timestamp: (at ?? new Date()).toISOString() }), channel };
  const response = await inbound(signedRequest("http://localhost/api/vonage/inbound", body));
  if (response.status !== 200) throw new Error(`inbound webhook answered ${response.status}`);
  if (at) await getSql()`update messages set at = ${at.toISOString()}::timestamptz where their_number = ${from}`;
  const cases = await casesOf(from);
  return cases[cases.length - 1]! as unknown as { id: number };
}

export async function postStatus(messageUuid: string, value: string, extra: Record<string, unknown> = {}) {
  const body = { message_uuid: messageUuid, to: "447700900001", from: "447700900000", timestamp: new Date().toISOString(), status: value, channel: "sms", ...extra };
  const response = await status(signedRequest("http://localhost/api/vonage/status", body));
  if (response.status !== 200) throw new Error(`status webhook answered ${response.status}`);
}

export async function messageRow(id: number) {
  const [row] = await getSql()<Array<{ status: string; text: string; errorCode: string | null; errorDetail: string | null; providerMessageId: string | null; sendAttempts: number }>>`
    select status, text, error_code as "errorCode", error_detail as "errorDetail", provider_message_id as "providerMessageId", send_attempts as "sendAttempts"
    from messages where id = ${id}`;
  return row!;
}

export const newKey = () => randomUUID();
