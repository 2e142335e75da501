// A note in the thread (SPEC §9): marked Note, amber, its author and mentions shown, among the
// messages by time, never a message (the composer that writes notes comes with its own spec).
import { expect, test } from "@playwright/test";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { addNote } from "@/lib/notes/add-note";
import { createLink, createSurvey, asUser } from "../support/seed";
import { inboundSmsBody, owner, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const OURS = `4477333${stamp}`;
let n = 0;

test("a note shows in the thread, marked Note, with its mentions @phone", async ({ page, request }, info) => {
  await useDatabase();
  const survey = await createSurvey({ name: `Notes ${stamp} ${info.project.name}` });
  await createLink({ ourNumber: OURS, surveyId: survey.id });
  const from = `4477666${stamp}${n++}`;
  const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: OURS, from, text: "My heating is off again" }));
  expect(response.status()).toBe(200);
  const [row] = await getDb().select().from(users).where(eq(users.email, owner.email));
  const me = asUser(row!);
  const [{ id: caseId }] = (await getDb().execute(sql`select id::int from cases where their_number = ${from}`)) as unknown as [{ id: number }];
  await addNote(me, { caseId, text: `Engineer booked for Tuesday. @${me.name || me.email} please confirm with them; @nobody is not a user.` });

  await signIn(page, owner.email, owner.password);
  await page.goto(`/console/cases/${caseId}`);
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation.getByTestId("message")).toHaveCount(1); // the note is not a message
  const note = conversation.getByTestId("note");
  await expect(note).toHaveCount(1);
  await expect(note.getByText("Note", { exact: true })).toBeVisible();
  await expect(note.getByText("only the team sees it")).toBeVisible();
  await expect(note.getByTestId("mention")).toHaveText(`@${me.name || me.email}`);
  await expect(note).not.toContainText("Queued");
  await expect(note.getByTestId("delivery-status")).toHaveCount(0);
  // After the message that came before it.
  await expect(conversation.locator("li").last()).toHaveAttribute("data-testid", "note");
  await page.screenshot({ path: `tests/e2e/artifacts/note-in-thread-${info.project.name}.png`, fullPage: true });
});
