import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/access";
import { visibleSurveyIds } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { surveys } from "@/lib/db/schema";

export type SurveySummary = { id: number; name: string; casesEnabled: boolean };

/** The surveys (not archived) a user may open in the console, by name. */
export async function listVisibleSurveys({ user }: { user: CurrentUser }): Promise<SurveySummary[]> {
  const visible = await visibleSurveyIds({ user });
  if (visible !== "all" && visible.length === 0) return [];
  const rows = await getDb()
    .select({ id: surveys.id, name: surveys.name, statusQuestionId: surveys.statusQuestionId, closingValue: surveys.closingValue })
    .from(surveys)
    .where(and(isNull(surveys.archivedAt), visible === "all" ? undefined : inArray(surveys.id, visible)))
    .orderBy(asc(surveys.name), asc(surveys.id));
  return rows.map((r) => ({ id: r.id, name: r.name, casesEnabled: r.statusQuestionId !== null && r.closingValue !== null }));
}

export async function listAllSurveys(): Promise<SurveySummary[]> {
  const rows = await getDb()
    .select({ id: surveys.id, name: surveys.name, statusQuestionId: surveys.statusQuestionId, closingValue: surveys.closingValue, archivedAt: surveys.archivedAt })
    .from(surveys)
    .orderBy(asc(surveys.name), asc(surveys.id));
  return rows.map((r) => ({ id: r.id, name: r.name, casesEnabled: r.statusQuestionId !== null && r.closingValue !== null }));
}

export async function getSurvey({ id }: { id: number }) {
  const [row] = await getDb().select().from(surveys).where(eq(surveys.id, id)).limit(1);
  return row ?? null;
}
