// Who `@` may suggest in a case's note: the users who may see its survey (SPEC §9).
import "server-only";
import { requireVisibleCase, type CurrentUser } from "@/lib/auth/access";
import { usersWhoMaySeeSurvey, type SurveyUser } from "@/lib/surveys/survey-users";

/** 404 for a case the actor may not see. The case view carries the same list (`team`). */
export async function mentionCandidates(actor: CurrentUser, caseId: number): Promise<SurveyUser[]> {
  const row = await requireVisibleCase(actor, caseId);
  return usersWhoMaySeeSurvey(row.surveyId);
}
