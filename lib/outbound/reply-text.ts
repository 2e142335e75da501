// SPEC §4: a reply is sent as the message + " #<reference>", and the case shows exactly that.
import { formatReference } from "@/lib/cases/references";

/** Longest text the Messages API takes per channel (SMS 1000, WhatsApp 4096 characters). */
export const MAX_TEXT_LENGTH = { sms: 1000, whatsapp: 4096 } as const;

export type ReplyChannel = keyof typeof MAX_TEXT_LENGTH;

export function replyText(message: string, caseId: number): string {
  return `${message.trim()} ${formatReference(caseId)}`;
}

/** Why this message cannot be sent as typed, or null. */
export function checkReplyMessage(message: string, caseId: number, channel: ReplyChannel): string | null {
  if (message.trim() === "") return "Type a message to send.";
  const length = replyText(message, caseId).length;
  const max = MAX_TEXT_LENGTH[channel];
  if (length > max) {
    return `The message is too long: ${length} characters with the reference, at most ${max} on ${channel === "sms" ? "SMS" : "WhatsApp"}.`;
  }
  return null;
}
