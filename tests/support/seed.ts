// Test data through the app's own tables (the admin screens that create these come later).
import { eq } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { numberLinks, surveyQuestions, surveys } from "@/lib/db/schema";

export const STATUS_CHOICES = [
  { value: "new", label: "New" },
  { value: "in_progress", label: "In progress" },
  { value: "resolved", label: "Resolved" },
];

export async function createSurvey({
  name = "Support",
  casesEnabled = true,
  defaultStatus = "new",
}: { name?: string; casesEnabled?: boolean; defaultStatus?: string | null } = {}) {
  const db = getDb();
  const [survey] = await db.insert(surveys).values({ name }).returning();
  const [status] = await db
    .insert(surveyQuestions)
    .values({ surveyId: survey!.id, position: 1, name: "status", label: "Status", type: "select_one", choices: STATUS_CHOICES })
    .returning();
  if (casesEnabled) {
    await db
      .update(surveys)
      .set({ statusQuestionId: status!.id, closingValue: "resolved", defaultStatus })
      .where(eq(surveys.id, survey!.id));
  }
  return { id: survey!.id, statusQuestionId: status!.id };
}

export async function createLink({
  ourNumber,
  surveyId,
  channel = "sms",
  multiCaseReply = "",
  optOutConfirmation = "",
  helpText = "",
}: {
  ourNumber: string;
  surveyId: number;
  channel?: "sms" | "whatsapp";
  multiCaseReply?: string;
  optOutConfirmation?: string;
  helpText?: string;
}) {
  const [link] = await getDb().insert(numberLinks).values({ ourNumber, surveyId, channel, multiCaseReply, optOutConfirmation, helpText }).returning();
  return link!;
}

/** A stored user as the acting user the lib functions take. */
export function asUser(u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}
