// "Try a demo" on a new install's empty console (issue 14): a working inbox one click after
// signing in. Everything goes through the product's own paths — the survey editor, the number
// links, and virtual phones posting signed webhooks to /api/vonage/inbound — so the demo shows
// what the product does, not a copy of it. Only with the Phone simulator, only with no survey.
import "server-only";
import { count, eq, sql } from "drizzle-orm";
import { ADMIN_ROLES, assertRole, hasRole, type CurrentUser } from "@/lib/auth/access";
import { updateCase } from "@/lib/cases/update-case";
import { getDb, transaction } from "@/lib/db/client";
import { LOCK } from "@/lib/db/locks";
import { cases, surveys } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { createLink } from "@/lib/numbers/links";
import { internalBaseUrl } from "@/lib/server/internal-url";
import { getProvider } from "@/lib/settings/server-settings";
import { sendFromPhone } from "@/lib/simulator/phones";
import { addQuestion, insertSurvey, saveCaseSettings } from "@/lib/surveys/editor";
import { DEMO_AUTOMATIC_REPLY, DEMO_IN_PROGRESS_FROM, DEMO_MESSAGES, DEMO_OUR_NUMBER, DEMO_STATUSES, DEMO_SURVEY_NAME } from "./demo-script";

/** Whether the console offers the demo to this user: an owner or admin, no survey at all, the simulator on. */
export async function demoAvailable(actor: CurrentUser): Promise<boolean> {
  if (!hasRole(actor, ADMIN_ROLES)) return false;
  const [row] = await getDb().select({ n: count() }).from(surveys);
  return row!.n === 0 && (await getProvider()) === "simulator";
}

export async function startDemo(actor: CurrentUser): Promise<{ surveyId: number }> {
  assertRole(actor, ADMIN_ROLES);
  if ((await getProvider()) !== "simulator") {
    throw new AppError("conflict", "The demo runs only with the Phone simulator; this server sends through Vonage.");
  }
  // The virtual phones post to the app's own address: make sure it answers before anything is
  // created, so a server that cannot reach itself is told why instead of keeping half a demo.
  await assertReachable();
  // The check and the survey in one transaction, under a lock: two clicks make one demo.
  const surveyId = await transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK.demo})`);
    const [row] = await tx.select({ n: count() }).from(surveys);
    if (row!.n > 0) throw new AppError("conflict", "The demo is for a new install: this server already has a survey.");
    return insertSurvey(tx, actor, DEMO_SURVEY_NAME);
  });

  const status = await addQuestion(actor, surveyId, { label: "Status", name: "status", type: "select_one", choices: DEMO_STATUSES, required: false });
  if (!status.ok) throw new Error(`demo: ${JSON.stringify(status.fieldErrors)}`);
  const settings = await saveCaseSettings(actor, surveyId, { statusQuestionId: status.id, closingValue: "resolved", defaultStatus: "new" });
  if (!settings.ok) throw new Error(`demo: ${JSON.stringify(settings.fieldErrors)}`);
  const link = await createLink(actor, {
    ourNumber: DEMO_OUR_NUMBER,
    channel: "sms",
    surveyId,
    description: "Demo number (Phone simulator)",
    multiCaseReply: DEMO_AUTOMATIC_REPLY,
  });
  if (!link.ok) throw new AppError("conflict", `The demo number could not be linked: ${Object.values(link.fieldErrors).join(" ")}`);

  for (const message of DEMO_MESSAGES) {
    const sent = await sendFromPhone(actor, { ourNumber: DEMO_OUR_NUMBER, theirNumber: message.from, text: message.text });
    if (!sent.accepted) throw new AppError("unavailable", `A demo phone could not reach Caseline: ${sent.detail}`);
  }

  const [inProgress] = await getDb().select({ id: cases.id, title: cases.title, notes: cases.notes }).from(cases).where(eq(cases.theirNumber, DEMO_IN_PROGRESS_FROM)).limit(1);
  if (inProgress) {
    await updateCase(actor, { caseId: inProgress.id, edit: { title: inProgress.title, notes: inProgress.notes, answers: { status: "in_progress" } } });
  }
  return { surveyId };
}

async function assertReachable(): Promise<void> {
  const url = `${internalBaseUrl()}/api/health`;
  const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
    (response) => response.status,
    () => null,
  );
  if (answer !== 200) {
    throw new AppError(
      "unavailable",
      `The demo's virtual phones write to this server at ${internalBaseUrl()}, which ${answer === null ? "does not answer" : `answered ${answer}`}. Set CASELINE_INTERNAL_URL to an address where the server reaches itself.`,
    );
  }
}
