// Admin > Surveys > the survey > Canned replies (SPEC §9): empty, add (errors beside the
// fields, a duplicate name refused), edit in place, delete after a confirmation.
import { expect, test } from "@playwright/test";
import { createSurvey } from "../support/seed";
import { tourScreenshot } from "./guide/steps";
import { owner, signIn, useDatabase } from "./support";

test("an admin adds, edits and deletes a survey's canned replies @phone", async ({ page }, info) => {
  await useDatabase();
  const survey = await createSurvey({ name: `Canned ${Date.now().toString().slice(-6)} ${info.project.name}` });
  await signIn(page, owner.email, owner.password);
  await page.goto(`/admin/surveys/${survey.id}`);

  const section = page.getByRole("region", { name: "Canned replies" });
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByText("No canned replies yet")).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/canned-replies-empty-${info.project.name}.png`, fullPage: true });

  // Nothing filled in: each problem beside its field, nothing added.
  await section.getByRole("button", { name: "Add canned reply" }).click();
  await expect(section.getByText(/Give the canned reply a name/)).toBeVisible();
  await expect(section.getByText("Write the text the reply inserts.")).toBeVisible();

  await section.getByLabel("Name").fill("Opening hours");
  await section.getByLabel("Text").fill("We are open 9 to 5,\nMonday to Friday.");
  await expect(section.getByText("37 / 2000")).toBeVisible();
  await section.getByRole("button", { name: "Add canned reply" }).click();
  await expect(section.getByRole("status").filter({ hasText: "Added “Opening hours”." })).toBeVisible();
  const rows = section.getByTestId("canned-reply");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Opening hours");
  await expect(rows.first()).toContainText("Monday to Friday.");
  await expect(section.getByLabel("Name")).toHaveValue(""); // ready for the next one

  // The same name in other letters: refused beside the name, the list unchanged.
  await section.getByLabel("Name").fill("OPENING HOURS");
  await section.getByLabel("Text").fill("Another text");
  await section.getByRole("button", { name: "Add canned reply" }).click();
  await expect(section.getByText(/already has a canned reply named “OPENING HOURS”/)).toBeVisible();
  await expect(rows).toHaveCount(1);
  await section.getByLabel("Name").fill("Thanks");
  await section.getByLabel("Text").fill("Thank you for your message!");
  await section.getByRole("button", { name: "Add canned reply" }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Opening hours"); // by name
  await expect(rows.nth(1)).toContainText("Thanks");
  await page.screenshot({ path: `tests/e2e/artifacts/canned-replies-list-${info.project.name}.png`, fullPage: true });
  await tourScreenshot(page, "canned-replies");
  // Nothing wider than a phone's screen (see phone-width.spec.ts).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.screen.width);
  expect(overflow).toBeLessThanOrEqual(0);

  // Edit in place; Escape leaves without saving; renaming onto another's name is refused.
  await section.getByRole("button", { name: "Edit Thanks" }).click();
  const editing = section.getByRole("form", { name: "Edit Thanks" });
  await expect(editing.getByLabel("Name")).toBeFocused();
  await editing.getByLabel("Name").fill("opening hours");
  await editing.getByRole("button", { name: "Save" }).click();
  await expect(editing.getByText(/already has a canned reply named “opening hours”/)).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/canned-replies-edit-${info.project.name}.png`, fullPage: true });
  await editing.getByLabel("Name").press("Escape");
  await expect(editing).toHaveCount(0);
  await expect(section.getByRole("button", { name: "Edit Thanks" })).toBeFocused();

  await section.getByRole("button", { name: "Edit Thanks" }).click();
  await editing.getByLabel("Text").fill("Thanks, we will call you back today.");
  await editing.getByRole("button", { name: "Save" }).click();
  await expect(editing).toHaveCount(0);
  await expect(rows.nth(1)).toContainText("Thanks, we will call you back today.");
  await expect(rows.nth(1).getByRole("status")).toHaveText("Saved");

  // Delete, after saying what it does.
  await section.getByRole("button", { name: "Delete Opening hours" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Opening hours”?" });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/canned-replies-delete-${info.project.name}.png` });
  await dialog.getByRole("button", { name: "Delete canned reply" }).click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Thanks");

  // A reload shows what was stored.
  await page.reload();
  await expect(page.getByRole("region", { name: "Canned replies" }).getByTestId("canned-reply")).toHaveCount(1);
});
