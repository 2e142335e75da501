// Guide: "Handling Multiple Open Cases" — with two open cases, a message goes into both and
// the person gets the automatic reply with %s1 and %s2 filled in.
import { expect, test } from "@playwright/test";
import { openCase, ownerWithConversations, openPhone, phoneSends, thread } from "./steps";

const REPLY =
  "Hello, thank you for your message. You currently have %s1 open cases (%s2).\nPlease include a # and the reference number to identify which case you're commenting on, or add #0 to create a new case.";

test("a message from someone with two open cases goes into both, and the automatic reply lists them", async ({ page }) => {
  const { surveyName, ourNumber, phone } = await ownerWithConversations(page, { reply: REPLY });
  await phoneSends(page, { phone, to: ourNumber, text: "Appointment request" });
  await phoneSends(page, { phone, to: ourNumber, text: "#0 Question about hours" });
  const first = await openCase(page, surveyName, "Appointment request");
  const second = await openCase(page, surveyName, "Question about hours");

  await phoneSends(page, { phone, to: ourNumber, text: "Is there any news?" });
  for (const title of ["Appointment request", "Question about hours"]) {
    await openCase(page, surveyName, title);
    await expect(thread(page).filter({ hasText: "Is there any news?" })).toHaveCount(1);
    await expect(thread(page).filter({ hasText: "Automatic reply" })).toContainText("You currently have 2 open cases");
  }

  const received = await openPhone(page, phone);
  await expect(received.filter({ hasText: "You currently have 2 open cases" })).toContainText(
    `Hello, thank you for your message. You currently have 2 open cases (${first}: Appointment request, ${second}: Question about hours).`,
  );
  await expect(received.filter({ hasText: "You currently have 2 open cases" })).toContainText("Delivered");
});
