// Guide: "Directing messages to specific cases" — a message with "#123" goes only to that
// case, even with several open cases.
import { expect, test } from "@playwright/test";
import { openCase, phoneSends, setUpConversations, signInAsOwner, thread, uniqueStamp } from "./steps";

test("a message naming a case with #reference goes only to that case", async ({ page }) => {
  const stamp = uniqueStamp();
  await signInAsOwner(page);
  const { surveyName, ourNumber } = await setUpConversations(page, { stamp, reply: "You have %s1 open cases (%s2)." });
  const phone = `4479${stamp}`;
  await phoneSends(page, { phone, to: ourNumber, text: "Appointment request" });
  await phoneSends(page, { phone, to: ourNumber, text: "#0 Question about hours" });
  const hours = await openCase(page, surveyName, "Question about hours");

  await phoneSends(page, { phone, to: ourNumber, text: `${hours} Are you open on Sunday?` });
  await openCase(page, surveyName, "Question about hours");
  await expect(thread(page).filter({ hasText: "Are you open on Sunday?" })).toHaveCount(1);
  await openCase(page, surveyName, "Appointment request");
  await expect(thread(page).filter({ hasText: "Are you open on Sunday?" })).toHaveCount(0);
  await expect(thread(page)).toHaveCount(1);
});
