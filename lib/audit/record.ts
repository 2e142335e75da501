// Writes one audit log entry (SPEC §16). Called inside the transaction of the change it
// records, so an entry exists exactly when its change committed. Never pass secrets: record
// a changed secret as { secret: "changed" }.
import "server-only";
import type { CurrentUser } from "@/lib/auth/access";
import type { Executor } from "@/lib/db/client";
import { auditLog } from "@/lib/db/schema";

export type AuditEntryInput = {
  /** What happened, as "<thing>.<verb>": "case.updated", "user.created", "webhook.deleted" … */
  action: string;
  surveyId?: number | null;
  caseId?: number | null;
  /** What was acted on when it is not a case: "user:12", "webhook:3" … */
  target?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** `actor` null: the system acted (a webhook, the worker, a script). */
export async function recordAudit(db: Executor, actor: CurrentUser | null, entry: AuditEntryInput): Promise<void> {
  await db.insert(auditLog).values({
    actorUserId: actor?.id ?? null,
    actorTokenId: actor?.tokenId ?? null,
    action: entry.action,
    surveyId: entry.surveyId ?? null,
    caseId: entry.caseId ?? null,
    target: entry.target ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
