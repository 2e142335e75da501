// SPEC §13: at most one email per case per 10 minutes to a user. The database applies it
// (one atomic upsert on notification_email_throttle, ./throttle.ts); this is the rule it
// applies, in one place, so the SQL and the tests agree on the window.
export const EMAIL_THROTTLE_MINUTES = 10;

/** The earliest last-sent time that still blocks an email at `now`: one sent after it did. */
export function throttleCutoff(now: Date): Date {
  return new Date(now.getTime() - EMAIL_THROTTLE_MINUTES * 60_000);
}

