// SPEC §12: which inbound SMS is an opt-out, opt-in or HELP keyword, and how a refusal reads.
// Pure (no I/O): the inbound hot path calls keywordOf on every message, so it must cost
// nothing for ordinary text — a length check rejects almost every message at once.
//
// How a text is matched (the SPEC says "whole text, trimmed, any case"; two deliberate,
// one-directional widenings, argued here):
//   - Opt-out and HELP also ignore punctuation, symbols and emoji around the word ("Stop.",
//     "STOP!", "“stop”", "STOP 🛑") and spaces or hyphens inside it ("OPT OUT", "OPT-OUT",
//     "STOP ALL"). Phones add the full stop themselves (dictation, autocorrect), and the
//     FCC's 2024 revocation rule names "opt out" as two words: ignoring such a STOP is the
//     costly mistake (a message sent to someone who revoked consent); reading "Stop." as an
//     opt-out costs nothing, since a text that is only "Stop." can mean nothing else.
//   - Opt-in stays exactly the SPEC's: the whole trimmed text, any case, nothing more. A
//     wrong opt-in is the costly mistake there (YES is an everyday answer), so "Yes!" or
//     "yes please" never opts anyone back in.
// A keyword inside a sentence ("please stop by tomorrow") is never one. WhatsApp is not SMS:
// its messages are never keywords.

export const OPT_OUT_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"] as const;
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES"] as const;
export const HELP_KEYWORDS = ["HELP", "INFO"] as const;

export type KeywordAction = "opt_out" | "opt_in" | "help";
/** `keyword` is the canonical word (upper case, as listed above), what opt_outs.keyword keeps. */
export type SmsKeyword = { action: KeywordAction; keyword: string };

const ACTIONS = new Map<string, KeywordAction>([
  ...OPT_OUT_KEYWORDS.map((k) => [k, "opt_out"] as const),
  ...HELP_KEYWORDS.map((k) => [k, "help"] as const),
]);
const OPT_IN = new Set<string>(OPT_IN_KEYWORDS);

/**
 * Longer than any keyword with a little punctuation around it: such a text is never one.
 * Checked on the raw length first, so a long message is never trimmed or normalised.
 */
const MAX_RAW_LENGTH = 64;
const MAX_CORE_LENGTH = 24;

/** Punctuation, symbols (emoji), format characters (zero-width) and spaces around the word. */
const EDGES = /^[\p{P}\p{S}\p{Cf}\p{Z}\s]+|[\p{P}\p{S}\p{Cf}\p{Z}\s]+$/gu;
const INNER_JOINERS = /[\p{Z}\s_-]+/gu;

/** The keyword a text is, or null. Pure text rules; the channel is the caller's (see keywordOfInbound). */
export function keywordOf(text: string | null | undefined): SmsKeyword | null {
  if (!text || text.length > MAX_RAW_LENGTH) return null;
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_CORE_LENGTH + 8) return null;
  // NFKC folds full-width and other compatibility forms ("ＳＴＯＰ") into plain letters.
  const exact = trimmed.normalize("NFKC").toUpperCase();
  if (OPT_IN.has(exact)) return { action: "opt_in", keyword: exact };
  const core = exact.replace(EDGES, "").replace(INNER_JOINERS, "");
  if (core.length === 0 || core.length > MAX_CORE_LENGTH) return null;
  const action = ACTIONS.get(core);
  return action ? { action, keyword: core } : null;
}

/** SPEC §12 applies to SMS (and MMS, which is SMS's kind of number); never to WhatsApp. */
export function keywordOfInbound(message: { channel: "sms" | "mms" | "whatsapp"; text: string | null }, linkChannel: "sms" | "whatsapp"): SmsKeyword | null {
  if (message.channel === "whatsapp" || linkChannel !== "sms") return null;
  return keywordOf(message.text);
}

/** "3 Nov 2026": a date anyone reads the same way, in UTC (the server has no viewer's zone). */
export function formatOptOutDate(since: Date): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(since);
}

/**
 * Why a message to an opted-out number is refused, as the API's 409, the console's error and
 * the failed message's reason all say it.
 */
export function optedOutReason(theirNumber: string, optOut: { since: Date; keyword: string }): string {
  const who = /^\d{7,15}$/.test(theirNumber) ? `+${theirNumber}` : theirNumber;
  return `${who} opted out of messages from this number (${optOut.keyword} on ${formatOptOutDate(optOut.since)}). They can send START to opt back in.`;
}

/**
 * Why an outbound message may not go now (SPEC §12), or null. Opt-outs are SMS's: a WhatsApp
 * message is never held back by one (a number link moved from SMS to WhatsApp would otherwise
 * refuse its people for good, with no keyword to opt back in). The opt-out confirmation is
 * the one message still sent while opted out — and only then: once they have opted back in,
 * "you are unsubscribed" would be wrong.
 */
export function optOutRefusal(
  message: { channel: string; automaticKind: string | null; theirNumber: string },
  optOut: { since: Date; keyword: string } | null,
): string | null {
  if (message.channel === "whatsapp") return null;
  if (message.automaticKind === "opt_out_confirmation") {
    return optOut ? null : "Not sent: they opted back in before this opt-out confirmation went out.";
  }
  return optOut ? optedOutReason(message.theirNumber, optOut) : null;
}
