// How a failed send reads in the thread, and which provider failures are worth retrying.

/** WhatsApp's "outside the allowed window" rejection (VONAGE.md). */
export const WHATSAPP_WINDOW_ERROR = "1340";

export function describeDeliveryError(code: string | null, detail: string | null): string {
  if (code === WHATSAPP_WINDOW_ERROR) {
    return "WhatsApp only allows free text within 24 hours of the person's last message.";
  }
  if (code && detail) return `${detail} (${code})`;
  return detail ?? (code ? `Error ${code}` : "Not delivered");
}

/**
 * SPEC §4: "not sent" failures — no answer at all (connection refused, timeout), 429 and
 * 5xx — are retried; any other refusal is final at once (retrying cannot change it).
 */
export function isRetryableSendFailure(httpStatus: number | null): boolean {
  return httpStatus === null || httpStatus === 429 || httpStatus >= 500;
}
