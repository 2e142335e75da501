// A survey's service levels and closing by time (SPEC §13): read by whoever may see the survey,
// changed by owners and admins (the survey editor and PATCH /api/v1/surveys/{id} call this).
// Due times already stored stay as they were computed; new messages use the new settings.
import "server-only";
import { eq } from "drizzle-orm";
import { auditDiff } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { ADMIN_ROLES, assertRole, requireVisibleSurvey, type CurrentUser } from "@/lib/auth/access";
import { getDb, transaction } from "@/lib/db/client";
import { surveys } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { checkServiceLevels, type ServiceLevels } from "./rules";

export type SaveServiceLevelsResult = { ok: true; levels: ServiceLevels } | { ok: false; fieldErrors: Record<string, string> };

const columns = {
  firstResponseMinutes: surveys.firstResponseMinutes,
  nextResponseMinutes: surveys.nextResponseMinutes,
  autoCloseDays: surveys.autoCloseDays,
};

/** The survey's settings, for an actor who may see it (404 otherwise). */
export async function getServiceLevels(actor: CurrentUser, surveyId: number): Promise<ServiceLevels> {
  await requireVisibleSurvey(actor, surveyId);
  const [row] = await getDb().select(columns).from(surveys).where(eq(surveys.id, surveyId)).limit(1);
  if (!row) throw new AppError("not_found", "Survey not found.");
  return row;
}

/**
 * Changes some or all of the settings (a field left out keeps its value; null turns it off),
 * all or nothing, audited as survey.service_levels_changed.
 */
export async function saveServiceLevels(actor: CurrentUser, surveyId: number, change: Partial<ServiceLevels>): Promise<SaveServiceLevelsResult> {
  assertRole(actor, ADMIN_ROLES);
  return transaction(async (tx) => {
    const [current] = await tx.select(columns).from(surveys).where(eq(surveys.id, surveyId)).for("update").limit(1);
    if (!current) throw new AppError("not_found", "Survey not found.");
    const levels: ServiceLevels = { ...current, ...definedOnly(change) };
    const fieldErrors = checkServiceLevels(levels);
    if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
    const diff = auditDiff(current, levels);
    if (diff) {
      await tx.update(surveys).set({ ...levels, updatedAt: new Date() }).where(eq(surveys.id, surveyId));
      await recordAudit(tx, actor, { action: "survey.service_levels_changed", surveyId, ...diff });
    }
    return { ok: true, levels };
  });
}

function definedOnly(change: Partial<ServiceLevels>): Partial<ServiceLevels> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
}
