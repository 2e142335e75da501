// Survey access rules. Pure checks are apart from the queries that feed them.
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { surveyAccess, type UserRole } from "@/lib/db/schema";

export type CurrentUser = { id: number; email: string; name: string; role: UserRole };

/** Owners and admins see every survey; staff only those they are given. */
export function seesAllSurveys(user: Pick<CurrentUser, "role">): boolean {
  return user.role === "owner" || user.role === "admin";
}

export function hasRole(user: Pick<CurrentUser, "role">, roles: readonly UserRole[]): boolean {
  return roles.includes(user.role);
}

export async function canSeeSurvey({ user, surveyId }: { user: CurrentUser; surveyId: number }): Promise<boolean> {
  if (seesAllSurveys(user)) return true;
  const [row] = await getDb()
    .select({ surveyId: surveyAccess.surveyId })
    .from(surveyAccess)
    .where(and(eq(surveyAccess.userId, user.id), eq(surveyAccess.surveyId, surveyId)))
    .limit(1);
  return Boolean(row);
}

/** The surveys a user may see: "all", or the ids of a staff user's surveys. */
export async function visibleSurveyIds({ user }: { user: CurrentUser }): Promise<"all" | number[]> {
  if (seesAllSurveys(user)) return "all";
  const rows = await getDb()
    .select({ surveyId: surveyAccess.surveyId })
    .from(surveyAccess)
    .where(eq(surveyAccess.userId, user.id));
  return rows.map((r) => r.surveyId);
}
