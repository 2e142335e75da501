// Who may see a survey's cases (SPEC §2): active owners and admins, and active staff given the
// survey. Assignment (an assignee must be one of them) and mentions (`@` suggests them) ask here.
import "server-only";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { requireVisibleSurvey, type CurrentUser } from "@/lib/auth/access";
import { getDb, type Executor } from "@/lib/db/client";
import { surveyAccess, users } from "@/lib/db/schema";

export type SurveyUser = { id: number; name: string };

function maySee(surveyId: number) {
  return and(
    eq(users.active, true),
    or(
      inArray(users.role, ["owner", "admin"]),
      sql`exists (select 1 from ${surveyAccess} where ${surveyAccess.userId} = ${users.id} and ${surveyAccess.surveyId} = ${surveyId})`,
    ),
  );
}

/** Users who may see the survey, by name (a user without a name shows as their email). */
export async function usersWhoMaySeeSurvey(surveyId: number, db: Executor = getDb()): Promise<SurveyUser[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(maySee(surveyId))
    .orderBy(asc(users.name), asc(users.id));
  return rows.map((r) => ({ id: r.id, name: r.name || r.email }));
}

/** For the actor (404 for a survey they may not see): who a case can go to, who a note can mention. */
export async function listSurveyUsers(actor: CurrentUser, surveyId: number): Promise<SurveyUser[]> {
  await requireVisibleSurvey(actor, surveyId);
  return usersWhoMaySeeSurvey(surveyId);
}

/** One user, when they may see the survey; null otherwise (inactive, or no access). */
export async function userWhoMaySeeSurvey(surveyId: number, userId: number, db: Executor = getDb()): Promise<SurveyUser | null> {
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, userId), maySee(surveyId)))
    .limit(1);
  return row ? { id: row.id, name: row.name || row.email } : null;
}
