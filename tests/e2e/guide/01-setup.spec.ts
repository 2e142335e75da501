// Guide: "Setup (For Server Owners Only)" — Settings > Server, Users > Conversations, the
// status question — then the first message (from the Phone simulator) creates a case.
import { expect, test } from "@playwright/test";
import { webhookSecret } from "../support";
import { goToAdmin, openCase, phoneSends, setUpConversations, signInAsOwner, thread, tourScreenshot, uniqueStamp } from "./steps";

test("the server owner connects the provider, links a number and enables cases", async ({ page }) => {
  const stamp = uniqueStamp();
  await signInAsOwner(page);

  // 2. Connect the provider: Admin > Settings > Server tab.
  await goToAdmin(page, "Settings");
  await expect(page.getByRole("navigation", { name: "Settings" }).getByText("Server")).toBeVisible();
  await page.getByLabel("Vonage Application ID").fill("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
  await page.getByRole("button", { name: "Replace" }).first().click();
  await page.getByLabel("Vonage Webhook secret").fill(webhookSecret);
  // No Vonage account in this test: the built-in Simulator stays the provider.
  await expect(page.getByRole("radio", { name: /Simulator/ })).toBeChecked();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Vonage Application ID")).toHaveValue("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
  await expect(page.getByText(webhookSecret)).toHaveCount(0); // never sent back to the browser
  await expect(page.getByRole("list", { name: "Setup checklist" }).getByText("Vonage Webhook secret (done)")).toBeAttached();
  await tourScreenshot(page, "settings-server", { fullPage: true });

  // 3. and 4. Link the number to a survey (Users > Conversations), enable cases (editor).
  const reply = "You currently have %s1 open cases (%s2). Add # and the reference, or #0 for a new case.";
  const { surveyName, ourNumber } = await setUpConversations(page, { stamp, reply });
  await goToAdmin(page, "Users");
  await page.getByRole("navigation", { name: "Users" }).getByRole("link", { name: "Conversations" }).click();
  const row = page.getByTestId("link-row").filter({ hasText: `+${ourNumber}` });
  await expect(row).toContainText(surveyName);
  await expect(row).toContainText("You currently have %s1 open cases");
  await tourScreenshot(page, "conversations-tab", { fullPage: true });

  // The same number twice is refused, by name of the survey that has it.
  const linkForm = page.getByRole("region", { name: "Link a number" });
  await linkForm.getByLabel("Number").fill(`00${ourNumber}`);
  await linkForm.getByLabel("Survey").selectOption({ label: surveyName });
  await linkForm.getByRole("button", { name: "Link number" }).click();
  await expect(linkForm.getByText(`+${ourNumber} is already linked to the survey “${surveyName}”.`)).toBeVisible();

  // A message to the number now becomes a case, with the default status.
  await phoneSends(page, { phone: `4479${stamp}`, to: ourNumber, text: "Hello, I need an appointment" });
  await openCase(page, surveyName, "Hello, I need an appointment");
  await expect(page.getByText("New", { exact: true }).first()).toBeVisible();
  await expect(thread(page)).toHaveCount(1);
  await expect(thread(page).first()).toContainText("Hello, I need an appointment");
});
