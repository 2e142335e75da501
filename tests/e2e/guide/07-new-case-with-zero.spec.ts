// Guide: "Creating a New Case from the Same Number" — "#0" always starts a new case.
import { expect, test } from "@playwright/test";
import { openCase, ownerWithConversations, phoneSends, showCases, thread } from "./steps";

test("#0 starts a new case while another is open", async ({ page }) => {
  const { surveyName, ourNumber, phone } = await ownerWithConversations(page);
  await phoneSends(page, { phone, to: ourNumber, text: "Appointment request" });
  await phoneSends(page, { phone, to: ourNumber, text: "#0 A completely different topic" });

  const cases = await showCases(page, surveyName);
  await expect(cases).toHaveCount(2);
  await openCase(page, surveyName, "A completely different topic");
  await expect(thread(page)).toHaveCount(1);
  await openCase(page, surveyName, "Appointment request");
  await expect(thread(page)).toHaveCount(1);
  await expect(thread(page).filter({ hasText: "different topic" })).toHaveCount(0);
});
