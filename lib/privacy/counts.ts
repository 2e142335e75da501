// What erasing or exporting a person covers, as counts (SPEC §16), and how they read. Pure
// and free of server code: Admin > People shows them, the audit log keeps them.
import { formatBytes } from "@/lib/media/media-kinds";

export type PersonCounts = {
  /** Messages from the number (inbound), in every survey. */
  messagesFrom: number;
  /** Messages to the number (replies, automatic ones too). */
  messagesTo: number;
  /** Of those, the messages carrying media (an image, audio, a file, a location …). */
  media: number;
  /** Files of its messages kept in Caseline's storage (SPEC §11), their bytes with them. */
  mediaFiles: number;
  /** The bytes of those files. */
  mediaBytes: number;
  /** Cases of the number: deleted with it. */
  cases: number;
  /** Cases of other numbers that hold some of its messages: kept, without its messages. */
  casesKept: number;
  /** Surveys the cases and messages are in. */
  surveys: number;
  /** Vonage's webhooks about the number (the raw bodies in the webhook event log). */
  webhookEvents: number;
  /** What the Phone simulator's virtual phone of that number sent and received. */
  simulatorMessages: number;
  /** Outgoing webhook deliveries (the outbox) about the number. */
  webhookDeliveries: number;
  /** Audit entries of its cases: kept (that something happened), their before → after cleared. */
  auditEntries: number;
  /** SPEC §12: our numbers it is opted out of right now (erased, replies to it are allowed again). */
  optOuts: number;
  /** Its opt-outs and opt-ins as recorded over time. */
  optOutEvents: number;
};

export const EMPTY_COUNTS: PersonCounts = {
  messagesFrom: 0,
  messagesTo: 0,
  media: 0,
  mediaFiles: 0,
  mediaBytes: 0,
  cases: 0,
  casesKept: 0,
  surveys: 0,
  webhookEvents: 0,
  simulatorMessages: 0,
  webhookDeliveries: 0,
  auditEntries: 0,
  optOuts: 0,
  optOutEvents: 0,
};

const LABELS: Record<keyof PersonCounts, [one: string, many: string]> = {
  messagesFrom: ["message from this number", "messages from this number"],
  messagesTo: ["message to this number", "messages to this number"],
  media: ["of them with media", "of them with media"],
  mediaFiles: ["stored file of those messages", "stored files of those messages"],
  mediaBytes: ["in those files", "in those files"],
  cases: ["case holding only its messages", "cases holding only its messages"],
  casesKept: ["case of someone else that loses its messages", "cases of someone else that lose its messages"],
  surveys: ["survey", "surveys"],
  webhookEvents: ["Vonage webhook about it", "Vonage webhooks about it"],
  simulatorMessages: ["Phone simulator message", "Phone simulator messages"],
  webhookDeliveries: ["outgoing webhook delivery", "outgoing webhook deliveries"],
  auditEntries: ["audit entry whose details are cleared", "audit entries whose details are cleared"],
  optOuts: ["opt-out of one of your numbers", "opt-outs of your numbers"],
  optOutEvents: ["opt-out or opt-in in its history", "opt-outs and opt-ins in its history"],
};

/** The counts as lines to show, in a fixed order: "3 messages from this number". */
export function countLines(counts: PersonCounts): Array<{ key: keyof PersonCounts; text: string; count: number }> {
  return (Object.keys(LABELS) as Array<keyof PersonCounts>).map((key) => {
    const count = counts[key];
    const [one, many] = LABELS[key];
    if (key === "mediaBytes") return { key, count, text: `${formatBytes(count)} ${one}` };
    return { key, count, text: `${count} ${count === 1 ? one : many}` };
  });
}

export function totalRows(counts: PersonCounts): number {
  return (
    counts.messagesFrom +
    counts.messagesTo +
    counts.cases +
    counts.webhookEvents +
    counts.simulatorMessages +
    counts.webhookDeliveries +
    counts.optOuts +
    counts.optOutEvents
  );
}

/**
 * The number as the audit log may keep it: the first two and last two digits, the rest
 * hidden ("+44 •••••••• 23"), so an entry can be told apart from another without holding
 * the number it was about.
 */
export function maskNumber(digits: string): string {
  if (digits.length < 6) return "+" + "•".repeat(digits.length);
  return `+${digits.slice(0, 2)} ${"•".repeat(digits.length - 4)} ${digits.slice(-2)}`;
}
