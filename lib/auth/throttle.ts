// Sign-in throttling, kept in the database so it holds across app instances. No actor: it
// runs before anyone is signed in.
import "server-only";
import { and, count, eq, gt, lt, min } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { loginFailures } from "@/lib/db/schema";
import { normaliseEmail } from "./users";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export type ThrottleState = { throttled: false } | { throttled: true; retryAfterSeconds: number };

/** Pure rule: given the failures in the window and the oldest one, may this try go ahead? */
export function throttleDecision(
  { failures, oldest, limit }: { failures: number; oldest: Date | null; limit: number },
  now: Date,
): ThrottleState {
  if (failures < limit || !oldest) return { throttled: false };
  const freeAt = oldest.getTime() + THROTTLE_WINDOW_MS;
  return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
}

/** `counted`: attempts of this very request already recorded (they do not count against it). */
export async function checkSignInThrottle(
  { email, ip }: { email: string; ip: string },
  now = new Date(),
  counted = 0,
): Promise<ThrottleState> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const db = getDb();
  const [byEmail, byIp] = await Promise.all([
    db
      .select({ failures: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(eq(loginFailures.email, normaliseEmail(email)), gt(loginFailures.at, since))),
    db
      .select({ failures: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, since))),
  ]);
  const emailState = throttleDecision({ ...byEmail[0]!, failures: byEmail[0]!.failures - counted, limit: MAX_FAILURES_PER_EMAIL }, now);
  if (emailState.throttled) return emailState;
  return throttleDecision({ ...byIp[0]!, failures: byIp[0]!.failures - counted, limit: MAX_FAILURES_PER_IP }, now);
}

export async function recordSignInFailure({ email, ip }: { email: string; ip: string }): Promise<void> {
  const db = getDb();
  await db.insert(loginFailures).values({ email: normaliseEmail(email), ip });
  // Keep the table small: rows older than the window no longer matter.
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - THROTTLE_WINDOW_MS)));
}

/** After a good sign-in; by email only, so one valid account cannot lift an address's throttle. */
export async function clearSignInFailures({ email }: { email: string }): Promise<void> {
  await getDb().delete(loginFailures).where(eq(loginFailures.email, normaliseEmail(email)));
}

export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}
