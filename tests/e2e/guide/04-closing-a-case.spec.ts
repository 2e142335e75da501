// Guide: "Closing a Case" — setting the status question to its closing value closes the
// case; the next message from that number starts a new case.
import { expect, test } from "@playwright/test";
import { openCase, ownerWithConversations, phoneSends, showCases, thread } from "./steps";

test("a closed case takes no more messages: the next one starts a new case", async ({ page }) => {
  const { surveyName, ourNumber, phone } = await ownerWithConversations(page);
  await phoneSends(page, { phone, to: ourNumber, text: "My order has not arrived" });

  const first = await openCase(page, surveyName, "My order has not arrived");
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Status").selectOption({ label: "Resolved" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Closed", { exact: true })).toBeVisible();
  await expect(page.getByText(/changed the status from New to Resolved/)).toBeVisible();

  await phoneSends(page, { phone, to: ourNumber, text: "Another question about my bill" });
  const open = await showCases(page, surveyName, "Open");
  await expect(open).toHaveCount(1);
  await expect(open.first()).toContainText("Another question about my bill");
  const second = await openCase(page, surveyName, "Another question about my bill");
  expect(second).not.toBe(first);
  await expect(thread(page)).toHaveCount(1);

  const closed = await showCases(page, surveyName, "Closed");
  await expect(closed).toHaveCount(1);
  await closed.first().click();
  await expect(thread(page)).toHaveCount(1); // the old case did not get the new message
  await expect(thread(page).first()).toContainText("My order has not arrived");
});
