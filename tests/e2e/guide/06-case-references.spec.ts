// Guide: "Directing messages to specific cases" — a message with "#123" goes only to that
// case, even with several open cases.
import { expect, test } from "@playwright/test";
import { openCase, ownerWithConversations, phoneSends, thread } from "./steps";

test("a message naming a case with #reference goes only to that case", async ({ page }) => {
  const { surveyName, ourNumber, phone } = await ownerWithConversations(page, { reply: "You have %s1 open cases (%s2)." });
  await phoneSends(page, { phone, to: ourNumber, text: "Appointment request" });
  await phoneSends(page, { phone, to: ourNumber, text: "#0 Question about hours" });
  // The older case, so "the newest open case" would not pass for "the named case".
  const appointment = await openCase(page, surveyName, "Appointment request");

  await phoneSends(page, { phone, to: ourNumber, text: `${appointment} Is Tuesday still possible?` });
  await openCase(page, surveyName, "Appointment request");
  await expect(thread(page).filter({ hasText: "Is Tuesday still possible?" })).toHaveCount(1);
  // A message that names its case needs no automatic reply.
  await expect(thread(page).filter({ hasText: "Automatic reply" })).toHaveCount(0);
  await openCase(page, surveyName, "Question about hours");
  await expect(thread(page).filter({ hasText: "Is Tuesday still possible?" })).toHaveCount(0);
  await expect(thread(page)).toHaveCount(1);
});
