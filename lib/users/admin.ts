// User administration (Admin > Users). Every function checks the actor's role itself.
import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { auditDiff, SECRET_CHANGED } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { unassignWithoutAccess } from "@/lib/cases/assign";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { normaliseEmail } from "@/lib/auth/users";
import { getDb, transaction } from "@/lib/db/client";
import { LOCK } from "@/lib/db/locks";
import { surveyAccess, users, type UserRole } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { endSessions } from "@/lib/auth/sessions";
import { mayAssignRole, mayManage, removesLastOwner } from "./rules";


export type NewUser = { email: string; name: string; role: UserRole; password?: string };

function checkPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("bad_request", `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

/** Returns the password to hand over when one was generated. */
export async function createUserAsAdmin(actor: CurrentUser, input: NewUser): Promise<{ id: number; generatedPassword: string | null }> {
  assertRole(actor, ADMIN_ROLES);
  if (!mayAssignRole(actor, input.role)) throw new AppError("forbidden", "Only a server owner can create another owner.");
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AppError("bad_request", "Enter a valid email address.");
  const generatedPassword = input.password ? null : generatePassword();
  const password = input.password || generatedPassword!;
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  const created = await transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email, name: input.name.trim(), role: input.role, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id });
    // Never the password: only who the new user is.
    if (row) await recordAudit(tx, actor, { action: "user.created", target: `user:${row.id}`, after: { email, name: input.name.trim(), role: input.role } });
    return row;
  });
  if (!created) throw new AppError("conflict", `There is already a user with the email ${email}.`);
  return { id: created.id, generatedPassword };
}

/** Role and active changes, under a lock so two admins cannot remove the last owner together. */
export async function updateUserAsAdmin(actor: CurrentUser, userId: number, change: { role?: UserRole; active?: boolean; name?: string }) {
  assertRole(actor, ADMIN_ROLES);
  await transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK.userRoles})`);
    const [target] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!target) throw new AppError("not_found", "User not found.");
    if (!mayManage(actor, target)) throw new AppError("forbidden", "Only a server owner can change an owner.");
    if (change.role && !mayAssignRole(actor, change.role)) throw new AppError("forbidden", "Only a server owner can make someone an owner.");
    const [{ owners } = { owners: 0 }] = await tx
      .select({ owners: count() })
      .from(users)
      .where(and(eq(users.role, "owner"), eq(users.active, true)));
    if (removesLastOwner(target, change, owners)) {
      throw new AppError("conflict", "This is the last active server owner: make another user an owner first.");
    }
    await tx
      .update(users)
      .set({
        ...(change.role ? { role: change.role } : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
    // A new role, or deactivation: the sessions signed in under the old one end now.
    if (change.role !== undefined || change.active !== undefined) {
      await endSessions(userId, tx);
      // An admin made staff, or a deactivated user, may no longer see some cases they hold.
      await unassignWithoutAccess(tx, actor, userId);
    }
    const diff = auditDiff(
      { role: target.role, active: target.active, name: target.name },
      {
        role: change.role ?? target.role,
        active: change.active ?? target.active,
        name: change.name !== undefined ? change.name.trim() : target.name,
      },
    );
    if (diff) {
      const action = diff.after.active === false ? "user.deactivated" : diff.after.active === true ? "user.activated" : "user.updated";
      await recordAudit(tx, actor, { action, target: `user:${userId}`, ...diff });
    }
  });
}

export async function resetPasswordAsAdmin(actor: CurrentUser, userId: number): Promise<string> {
  assertRole(actor, ADMIN_ROLES);
  const [target] = await getDb().select().from(users).where(eq(users.id, userId)).limit(1);
  if (!target) throw new AppError("not_found", "User not found.");
  if (!mayManage(actor, target)) throw new AppError("forbidden", "Only a server owner can reset an owner's password.");
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    await endSessions(userId, tx);
    await recordAudit(tx, actor, { action: "user.password_reset", target: `user:${userId}`, after: { password: SECRET_CHANGED } });
  });
  return password;
}

/** Replaces a user's survey access (it matters for staff; owners and admins see every survey). */
export async function setSurveyAccessAsAdmin(actor: CurrentUser, userId: number, surveyIds: number[]) {
  assertRole(actor, ADMIN_ROLES);
  await transaction(async (tx) => {
    // Locked for update: an assignment to this user in flight waits, then sees the new access
    // (lib/cases/assign.ts holdAssignee), so none slips past the unassigning below.
    const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    if (!target) throw new AppError("not_found", "User not found.");
    const removed = await tx.delete(surveyAccess).where(eq(surveyAccess.userId, userId)).returning({ surveyId: surveyAccess.surveyId });
    const unique = [...new Set(surveyIds)];
    if (unique.length) await tx.insert(surveyAccess).values(unique.map((surveyId) => ({ userId, surveyId })));
    const diff = auditDiff({ surveyIds: removed.map((r) => r.surveyId).sort((a, b) => a - b) }, { surveyIds: [...unique].sort((a, b) => a - b) });
    if (diff) await recordAudit(tx, actor, { action: "user.access_changed", target: `user:${userId}`, ...diff });
    // Pages and the live stream of the old access end now; the user signs in again.
    await endSessions(userId, tx);
    await unassignWithoutAccess(tx, actor, userId);
  });
}

export async function listUsersWithAccess(actor: CurrentUser) {
  assertRole(actor, ADMIN_ROLES);
  const rows = await getDb()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      active: users.active,
      surveyIds: sql<number[]>`coalesce(array_agg(${surveyAccess.surveyId}) filter (where ${surveyAccess.surveyId} is not null), '{}')`,
    })
    .from(users)
    .leftJoin(surveyAccess, eq(surveyAccess.userId, users.id))
    .groupBy(users.id)
    .orderBy(users.email);
  return rows;
}

