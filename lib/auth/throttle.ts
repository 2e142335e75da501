// Sign-in throttling, kept in the database so it holds across app instances. No actor: it
// runs before anyone is signed in.
import "server-only";
import { isIP } from "node:net";
import { and, count, eq, gt, lt, min, type SQL } from "drizzle-orm";
import { env } from "@/lib/config/env";
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

/**
 * `ip`: the client's address when it is known for sure (clientIp below), else null — then
 * only the per-account limit applies: an address everyone shares ("unknown") would let a
 * stranger's failures lock out every account, the owner's included.
 * `counted`: attempts of this very request already recorded (they do not count against it).
 */
export async function checkSignInThrottle(
  { email, ip }: { email: string; ip: string | null },
  now = new Date(),
  counted = 0,
): Promise<ThrottleState> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const db = getDb();
  const failuresWhere = (where: SQL | undefined) =>
    db
      .select({ failures: count(), oldest: min(loginFailures.at) })
      .from(loginFailures)
      .where(and(where, gt(loginFailures.at, since)));
  const [byEmail, byIp] = await Promise.all([
    failuresWhere(eq(loginFailures.email, normaliseEmail(email))),
    ip ? failuresWhere(eq(loginFailures.ip, ip)) : Promise.resolve(null),
  ]);
  const emailState = throttleDecision({ ...byEmail[0]!, failures: byEmail[0]!.failures - counted, limit: MAX_FAILURES_PER_EMAIL }, now);
  if (emailState.throttled || !byIp) return emailState;
  return throttleDecision({ ...byIp[0]!, failures: byIp[0]!.failures - counted, limit: MAX_FAILURES_PER_IP }, now);
}

export async function recordSignInFailure({ email, ip }: { email: string; ip: string | null }): Promise<void> {
  const db = getDb();
  // "" for an unknown address: kept for the record, never counted (see checkSignInThrottle).
  await db.insert(loginFailures).values({ email: normaliseEmail(email), ip: ip ?? "" });
  // Keep the table small: rows older than the window no longer matter.
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - THROTTLE_WINDOW_MS)));
}

/** After a good sign-in; by email only, so one valid account cannot lift an address's throttle. */
export async function clearSignInFailures({ email }: { email: string }): Promise<void> {
  await getDb().delete(loginFailures).where(eq(loginFailures.email, normaliseEmail(email)));
}

/**
 * The client's address, from X-Forwarded-For, only when TRUST_PROXY says how many proxies of
 * ours stand in front (each appends the address it was reached from, so the client is that
 * many entries from the right; anything further left is whatever the client wrote). Without
 * it, the header is the client's own word and is ignored: null.
 */
export function clientIp(headers: Headers, trustedHops = env().TRUST_PROXY): string | null {
  if (trustedHops <= 0) return null;
  const entries = (headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const candidate = entries[entries.length - trustedHops];
  return candidate && isIP(candidate) ? candidate : null;
}
