// Sessions are signed cookies (JWT); what makes one end before it expires is kept here: the
// user's session version, and an absolute lifetime.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "@/lib/db/client";
import { users } from "@/lib/db/schema";

/** However active a session is, it ends this long after its sign-in. */
export const ABSOLUTE_SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** NOTIFY channel telling every app process that a user's sessions ended (the live stream listens). */
export const SESSIONS_CHANNEL = "caseline_sessions";

export type SessionClaims = { sessionVersion: number | null; signedInAt: number | null };

/** Pure rule: may a session with these claims act as this user now? */
export function sessionIsCurrent(claims: SessionClaims, user: { active: boolean; sessionVersion: number }, now: number): boolean {
  if (!user.active || claims.sessionVersion === null || claims.signedInAt === null) return false;
  return claims.sessionVersion === user.sessionVersion && now - claims.signedInAt < ABSOLUTE_SESSION_LIFETIME_MS && claims.signedInAt <= now + 60_000;
}

/**
 * Ends every session of the user, in the caller's transaction when given one (so a change of
 * role or access and the end of the old sessions commit together), and tells live streams.
 */
export async function endSessions(userId: number, db: Executor = getDb(), { ifVersion }: { ifVersion?: number } = {}): Promise<void> {
  // `ifVersion`: only a session that is still current may end them (a sign-out with a cookie
  // that was already revoked must not sign the real user out everywhere, again and again).
  const ended = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, userId), ifVersion === undefined ? undefined : eq(users.sessionVersion, ifVersion)))
    .returning({ id: users.id });
  if (ended.length) await db.execute(sql`select pg_notify(${SESSIONS_CHANNEL}, ${String(userId)})`);
}
