// Admin > Users in the UI: a new staff member with a generated password and one survey,
// who then signs in and sees exactly that survey; and the editor asking before it turns cases off.
import { expect, test } from "@playwright/test";
import { createSurvey } from "../support/seed";
import { owner, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);

test("an owner creates a staff user and gives them one survey; they sign in and see it", async ({ page, browser }) => {
  await useDatabase();
  await createSurvey({ name: `Visible ${stamp}` });
  await createSurvey({ name: `Hidden ${stamp}` });
  const email = `new-staff-${stamp}@e2e.test`;

  await signIn(page, owner.email, owner.password);
  await page.goto("/admin/users");
  const form = page.getByRole("region", { name: "New user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("New Staff");
  await form.getByRole("button", { name: "Create user" }).click();
  const password = (await form.getByTestId("shown-once").textContent())!.trim();
  expect(password).toHaveLength(20);

  const row = page.getByTestId("user-row").filter({ hasText: email });
  await row.getByText(/Survey access/).click();
  await row.getByLabel(`Visible ${stamp}`).check();
  await row.getByRole("button", { name: "Save access" }).click();
  await expect(row.getByRole("status").filter({ hasText: "Survey access saved." })).toBeVisible();

  const context = await browser.newContext();
  const staffPage = await context.newPage();
  await signIn(staffPage, email, password);
  const surveys = staffPage.getByRole("combobox", { name: "Survey", exact: true });
  await expect(surveys.getByRole("option")).toHaveText([`Visible ${stamp}`]);
  await context.close();

  // Deactivated, they can no longer sign in.
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByText("Deactivated", { exact: true })).toBeVisible();
  const again = await browser.newContext();
  const refused = await again.newPage();
  await refused.goto("/login");
  await refused.getByLabel("Email").fill(email);
  await refused.getByLabel("Password").fill(password);
  await refused.getByRole("button", { name: "Sign in" }).click();
  await expect(refused.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await again.close();
});

test("removing the status question asks first, and Cancel keeps it", async ({ page }) => {
  await useDatabase();
  const survey = await createSurvey({ name: `Ask first ${stamp}` });
  await signIn(page, owner.email, owner.password);
  await page.goto(`/admin/surveys/${survey.id}`);
  const status = page.getByTestId("question-row").filter({ hasText: "Status question" });
  await status.getByRole("button", { name: "Remove Status" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove “Status”?" });
  await expect(dialog.getByText(/turns cases off for this survey/)).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Cases on", { exact: true })).toBeVisible();

  await status.getByRole("button", { name: "Remove Status" }).click();
  await dialog.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("Cases off", { exact: true })).toBeVisible();
  await expect(page.getByTestId("question-row")).toHaveCount(0);
});
