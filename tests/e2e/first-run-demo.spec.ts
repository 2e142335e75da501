// Issue 14 "First run": on a new install (its own app and database here), the owner's empty
// console offers Try a demo; one click makes a working inbox whose people wrote from virtual
// phones, and a reply from it reaches the phone.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { freshDatabase, runCleanups, startBuiltApp, type Cleanup, type RunningApp } from "@/scripts/support/app-under-test";
import { openPhone, tourScreenshot } from "./guide/steps";

const owner = { email: "owner@first-run.test", password: randomBytes(12).toString("base64url") };
const cleanups: Cleanup[] = [];
let app: RunningApp;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const databaseUrl = await freshDatabase(cleanups, () => {}, "caseline_first_run");
  // A new install as the README starts it: the Phone simulator is the provider until Vonage is set up.
  app = await startBuiltApp(
    { databaseUrl, quiet: true, env: { AUTH_SECRET: randomBytes(32).toString("base64url"), OWNER_EMAIL: owner.email, OWNER_PASSWORD: owner.password } },
    cleanups,
  );
});

test.afterAll(async () => {
  await runCleanups(cleanups, () => {});
});

async function signIn(page: Page) {
  await page.goto(`${app.baseUrl}/login`);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Console" })).toBeVisible();
}

test("a new install's owner tries the demo, replies to a person and sees the phone receive it @phone", async ({ page }) => {
  await signIn(page);
  await expect(page.getByRole("heading", { name: "No surveys yet" })).toBeVisible();
  await tourScreenshot(page, "first-run");
  await page.getByRole("button", { name: "Try a demo" }).click();

  // The demo's inbox: four open cases, one person (Priya) with two.
  const cases = page.getByRole("list", { name: "Case list" }).getByRole("link");
  await expect(cases).toHaveCount(4);
  await expect(page.getByRole("combobox", { name: "Survey", exact: true }).locator("option:checked")).toHaveText("Demo");
  await expect(cases.filter({ hasText: "In progress" })).toHaveCount(1);
  await tourScreenshot(page, "demo-inbox");

  // The demo is offered once: a second look at an empty state never shows it again.
  await page.goto(`${app.baseUrl}/console?survey=999999`);
  await expect(page.getByRole("button", { name: "Try a demo" })).toHaveCount(0);

  // Reply to Maria the way the guide says (Edit → Send notification).
  await page.goto(`${app.baseUrl}/console`);
  await page.getByRole("list", { name: "Case list" }).getByRole("link").filter({ hasText: "heating" }).click();
  // The case beside (or, on a phone, instead of) the list: its title is the pane's heading.
  await expect(page.getByRole("heading", { name: /the heating in flat 4B stopped working/ })).toBeVisible();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Send notification" }).click();
  const dialog = page.getByRole("dialog", { name: "Send notification" });
  await dialog.getByRole("radio", { name: /Message Conversation/ }).check();
  await dialog.getByLabel("Message", { exact: true }).fill("An engineer will be with you by 2 pm.");
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dialog).toBeHidden();

  // Maria's virtual phone received it; Priya's got the automatic reply about her two cases.
  const maria = await openPhone(page, "447700900201");
  await expect(maria.filter({ hasText: "An engineer will be with you by 2 pm." })).toHaveCount(1);
  const priya = await openPhone(page, "447700900203");
  await expect(priya.filter({ hasText: "You have 2 open cases" })).toHaveCount(1);
});
