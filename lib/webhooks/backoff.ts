// When a failed delivery is tried again (SPEC §15: retried with backoff for 24 hours).
// Pure: the worker passes the time and the random number.

/** How long deliveries of one event are retried, from the event's time. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_SECONDS = 60 * 60;

/**
 * The wait after the `attempts`-th failed attempt: `base` seconds doubling (10 s, 20 s,
 * 40 s … by default), capped at an hour, each with up to ±20 % jitter so the deliveries of
 * an endpoint that was down do not all come back in the same second.
 */
export function retryDelaySeconds(attempts: number, baseSeconds: number, random: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const delay = Math.min(baseSeconds * 2 ** exponent, MAX_RETRY_DELAY_SECONDS);
  const jitter = 0.8 + 0.4 * Math.min(Math.max(random, 0), 1);
  return Math.max(0, Math.round(delay * jitter * 1000) / 1000);
}

export type RetryDecision = { retry: true; at: Date } | { retry: false };

/**
 * After a failed attempt: the next attempt's time, or no more (24 hours after the event).
 * The last attempt is made at the end of the window rather than skipped.
 */
export function nextAttempt({
  eventAt,
  now,
  attempts,
  baseSeconds,
  random,
}: {
  eventAt: Date;
  now: Date;
  attempts: number;
  baseSeconds: number;
  random: number;
}): RetryDecision {
  const deadline = eventAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return { retry: false };
  const at = Math.min(now.getTime() + retryDelaySeconds(attempts, baseSeconds, random) * 1000, deadline);
  return { retry: true, at: new Date(at) };
}
