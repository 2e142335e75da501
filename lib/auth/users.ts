// Users as the sign-in and the launcher see them (system: no acting user here — Admin > Users
// is lib/users/admin.ts, which checks the actor).
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { SECRET_CHANGED } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { getDb, type Executor, transaction } from "@/lib/db/client";
import { LOCK } from "@/lib/db/locks";
import { endSessions } from "./sessions";
import { users, type User, type UserRole } from "@/lib/db/schema";
import { generatePassword, hashPassword } from "./password";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserByEmail({ email }: { email: string }): Promise<User | null> {
  const [user] = await getDb().select().from(users).where(eq(users.email, normaliseEmail(email))).limit(1);
  return user ?? null;
}

export async function findActiveUserById({ id }: { id: number }): Promise<User | null> {
  const [user] = await getDb()
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true)))
    .limit(1);
  return user ?? null;
}

export async function createUser(
  { email, name = "", role, password }: { email: string; name?: string; role: UserRole; password: string },
  db: Executor = getDb(),
): Promise<User> {
  const [user] = await db
    .insert(users)
    .values({ email: normaliseEmail(email), name, role, passwordHash: await hashPassword(password) })
    .returning();
  if (!user) throw new Error("insert returned no user");
  return user;
}

export const DEFAULT_OWNER_EMAIL = "owner@caseline.local";

export type OwnerBootstrap =
  | { created: false }
  | { created: true; email: string; generatedPassword: string | null };

/**
 * First start: when the server has no owner yet, create one from OWNER_EMAIL / OWNER_PASSWORD,
 * or with a generated password that the caller prints once.
 */
export async function ensureOwner({ email, password }: { email?: string; password?: string }): Promise<OwnerBootstrap> {
  const ownerEmail = normaliseEmail(email || DEFAULT_OWNER_EMAIL);
  const generatedPassword = password ? null : generatePassword();
  const passwordHash = await hashPassword(password || generatedPassword!);
  return transaction(async (tx) => {
    // Two instances starting at once create one owner.
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK.ownerBootstrap})`);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.role, "owner")).limit(1);
    if (existing) return { created: false } as const;
    const [owner] = await tx
      .insert(users)
      .values({ email: ownerEmail, name: "", role: "owner", passwordHash })
      .onConflictDoUpdate({ target: users.email, set: { role: "owner", passwordHash, active: true } })
      .returning({ id: users.id });
    // The system acted (first start), so no actor.
    await recordAudit(tx, null, { action: "user.created", target: `user:${owner!.id}`, after: { email: ownerEmail, role: "owner" } });
    return { created: true, email: ownerEmail, generatedPassword } as const;
  });
}

/** Sets a new password for a user, ending their sessions; used by `npm run owner:reset-password`. */
export async function setPassword({ id, password }: { id: number; password: string }): Promise<void> {
  const passwordHash = await hashPassword(password);
  await transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
    await endSessions(id, tx);
    // Someone with access to the server ran the script: recorded as the system.
    await recordAudit(tx, null, { action: "user.password_reset", target: `user:${id}`, after: { password: SECRET_CHANGED } });
  });
}

export async function findFirstOwner(): Promise<User | null> {
  const [owner] = await getDb().select().from(users).where(eq(users.role, "owner")).orderBy(users.id).limit(1);
  return owner ?? null;
}
