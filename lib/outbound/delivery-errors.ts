// How a failed send reads in the thread, and which provider failures are worth retrying.

/** WhatsApp's "outside the allowed window" rejection (VONAGE.md). */
export const WHATSAPP_WINDOW_ERROR = "1340";
/** A template the sending number does not have approved (the simulator's code; see lib/simulator/messages-api.ts). */
export const TEMPLATE_MISSING_ERROR = "1022";
/** Our own code: the request went out but no answer came, so it may have been sent. */
export const UNKNOWN_OUTCOME = "unknown_outcome";
/** Our own code: not sent, the number opted out after the message was queued (SPEC §12). */
export const OPTED_OUT = "opted_out";

export function describeDeliveryError(code: string | null, detail: string | null): string {
  if (code === WHATSAPP_WINDOW_ERROR) {
    return "WhatsApp only allows free text within 24 hours of the person's last message.";
  }
  if (code === TEMPLATE_MISSING_ERROR) {
    return "WhatsApp has no approved template of this name and language for this number: compare Admin > Users > Templates with your WhatsApp Business account.";
  }
  if (code === UNKNOWN_OUTCOME) return detail ?? "The message may or may not have been sent.";
  if (code === OPTED_OUT) return detail ?? "Not sent: the person opted out of messages from this number.";
  if (code && detail) return `${detail} (${code})`;
  return detail ?? (code ? `Error ${code}` : "Not delivered");
}

/**
 * Network errors that happen before a request leaves this machine: the message was
 * certainly not sent. Anything else without an answer (a timeout, a reset connection) may
 * have reached Vonage.
 */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

export function isNotSentNetworkError(code: string | null | undefined): boolean {
  return Boolean(code && NOT_SENT_CODES.has(code));
}

/**
 * SPEC §4: failures that mean "not sent" — the connection refused, 429, 5xx — are retried;
 * any other refusal is final at once (retrying cannot change it). httpStatus null means no
 * answer: retried only when the request certainly never went out (`certainlyNotSent`),
 * since sending twice is worse than asking staff to check.
 */
export function isRetryableSendFailure(httpStatus: number | null, certainlyNotSent = false): boolean {
  if (httpStatus === null) return certainlyNotSent;
  return httpStatus === 429 || httpStatus >= 500;
}
