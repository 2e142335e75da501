// API tokens (SPEC §15): a token belongs to a user and acts as that user — their role, their
// survey access. Users manage their own (profile); owners and admins manage anyone's they may
// manage (Admin > Users): an admin cannot mint a token that acts as an owner, which would
// hand them the owner's powers. The token is returned once; only its hash is kept.
import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import { ADMIN_ROLES, assertRole, type CurrentUser } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import { getDb, transaction, type Executor } from "@/lib/db/client";
import { apiTokens, users } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { mayManage } from "@/lib/users/rules";
import { generateToken, hashToken, tokenPrefix } from "./token-format";

export const MAX_TOKEN_NAME = 100;

export type TokenSummary = {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** active, expired or revoked, as of now. */
  state: "active" | "expired" | "revoked";
};

export type NewToken = { name: string; expiresAt?: Date | null };

function summary(row: typeof apiTokens.$inferSelect, now = Date.now()): TokenSummary {
  const state = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt.getTime() <= now ? "expired" : "active";
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    state,
  };
}

function checkNewToken({ name, expiresAt }: NewToken): { name: string; expiresAt: Date | null } {
  const trimmed = name.replace(/\s+/g, " ").trim();
  if (!trimmed) throw new AppError("bad_request", "Give the token a name, such as the system that will use it.");
  if (trimmed.length > MAX_TOKEN_NAME) throw new AppError("bad_request", `A token name can be at most ${MAX_TOKEN_NAME} characters.`);
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw new AppError("bad_request", "The expiry date must be in the future.");
  return { name: trimmed, expiresAt: expiresAt ?? null };
}

/** The user a token is managed for: the actor themselves, or someone an admin may manage. */
async function requireManageableUser(actor: CurrentUser, userId: number, db: Executor) {
  if (userId === actor.id) return;
  assertRole(actor, ADMIN_ROLES);
  const [target] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).limit(1);
  if (!target) throw new AppError("not_found", "User not found.");
  if (!mayManage(actor, target)) throw new AppError("forbidden", "Only a server owner can manage an owner's tokens.");
}

/**
 * Stores a new token and returns it (the only time it is readable). System use (the
 * `npm run api-token` script) passes `actor` null.
 */
export async function issueToken(
  actor: CurrentUser | null,
  userId: number,
  input: NewToken,
): Promise<{ token: string; summary: TokenSummary }> {
  const { name, expiresAt } = checkNewToken(input);
  const token = generateToken();
  return transaction(async (tx) => {
    if (actor) await requireManageableUser(actor, userId, tx);
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId, name, tokenHash: hashToken(token), prefix: tokenPrefix(token), expiresAt, createdBy: actor?.id ?? null })
      .returning();
    await recordAudit(tx, actor, {
      action: "token.created",
      target: `user:${userId}`,
      after: { tokenId: row!.id, name, prefix: row!.prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token, summary: summary(row!) };
  });
}

/** The user whose tokens an admin page shows, when the actor may manage them. */
export async function tokenOwner(actor: CurrentUser, userId: number): Promise<{ id: number; email: string; name: string; active: boolean }> {
  await requireManageableUser(actor, userId, getDb());
  const [user] = await getDb().select({ id: users.id, email: users.email, name: users.name, active: users.active }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError("not_found", "User not found.");
  return user;
}

export async function listTokens(actor: CurrentUser, userId: number = actor.id): Promise<TokenSummary[]> {
  await requireManageableUser(actor, userId, getDb());
  const rows = await getDb().select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.id));
  return rows.map((row) => summary(row));
}

/** Revokes one of the actor's tokens, or (admins) a token of a user they may manage. Revoking twice is a no-op. */
export async function revokeToken(actor: CurrentUser, tokenId: number): Promise<TokenSummary> {
  return transaction(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).for("update").limit(1);
    // Someone else's token, for a user who may not manage it, answers as missing.
    if (!row || (row.userId !== actor.id && !(await mayManageTokensOf(actor, row.userId, tx)))) throw new AppError("not_found", "Token not found.");
    if (row.revokedAt) return summary(row);
    const [revoked] = await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, tokenId)).returning();
    await recordAudit(tx, actor, {
      action: "token.revoked",
      target: `user:${row.userId}`,
      before: { tokenId, name: row.name, prefix: row.prefix },
    });
    return summary(revoked!);
  });
}

async function mayManageTokensOf(actor: CurrentUser, userId: number, db: Executor): Promise<boolean> {
  try {
    await requireManageableUser(actor, userId, db);
    return true;
  } catch {
    return false;
  }
}

/** Tokens of a user that are still usable (for Admin > Users counts). */
export async function countActiveTokens(userId: number): Promise<number> {
  const [row] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), sql`${apiTokens.revokedAt} is null`, sql`(${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > now())`));
  return row?.n ?? 0;
}
