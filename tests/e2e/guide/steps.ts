// The guide's steps as a user does them — only the UI and the Phone simulator. Each spec
// makes its own survey and number (unique names), so the specs do not depend on each other.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { owner, signIn } from "../support";

let counter = 0;
/** Digits unique to this run and call: numbers and names that no other spec uses. */
export function uniqueStamp(): string {
  return `${Date.now().toString().slice(-6)}${counter++}`;
}

export async function signInAsOwner(page: Page) {
  await signIn(page, owner.email, owner.password);
}

const adminNav = (page: Page) => page.getByRole("navigation", { name: "Admin" });

export async function goToAdmin(page: Page, section: "Settings" | "Users" | "Surveys" | "Phone simulator") {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await adminNav(page).getByRole("link", { name: section }).click();
}

export type Conversations = { surveyName: string; ourNumber: string };

/**
 * Setup steps 3 and 4: a survey, its number linked in Users > Conversations (with the
 * automatic reply for several open cases), and cases enabled in the online editor.
 */
export async function setUpConversations(
  page: Page,
  { stamp, reply, cases = true }: { stamp: string; reply?: string; cases?: boolean },
): Promise<Conversations> {
  const surveyName = `Support ${stamp}`;
  const ourNumber = `4477${stamp.padStart(8, "0").slice(-8)}`;
  await goToAdmin(page, "Surveys");
  await page.getByLabel("Name").fill(surveyName);
  await page.getByRole("button", { name: "Create survey" }).click();
  await expect(page.getByRole("link", { name: new RegExp(surveyName) })).toBeVisible();

  await goToAdmin(page, "Users");
  await page.getByRole("navigation", { name: "Users" }).getByRole("link", { name: "Conversations" }).click();
  const linkForm = page.getByRole("region", { name: "Link a number" });
  await linkForm.getByLabel("Number").fill(`+${ourNumber}`);
  await linkForm.getByLabel("Survey").selectOption({ label: surveyName });
  if (reply) await linkForm.getByLabel("Automatic reply when the sender has several open cases").fill(reply);
  await linkForm.getByRole("button", { name: "Link number" }).click();
  await expect(page.getByTestId("link-row").filter({ hasText: `+${ourNumber}` })).toBeVisible();
  if (!cases) return { surveyName, ourNumber };

  await goToAdmin(page, "Surveys");
  await page.getByRole("link", { name: new RegExp(surveyName) }).click();
  const add = page.getByRole("region", { name: "Add a question" });
  await add.getByLabel("Label").fill("Status");
  await add.getByLabel("Type").selectOption("select_one");
  await add.getByLabel("Choices").fill("New\nIn progress\nResolved");
  await add.getByRole("button", { name: "Add question" }).click();
  await expect(page.getByTestId("question-row").filter({ hasText: "Status" })).toBeVisible();
  const settings = page.getByRole("region", { name: "Case settings" });
  await settings.getByLabel("Status question").selectOption({ label: "Status" });
  await settings.getByLabel("Closing value").selectOption({ label: "Resolved" });
  await settings.getByLabel("Default status (optional)").selectOption({ label: "New" });
  await settings.getByRole("button", { name: "Save case settings" }).click();
  await expect(settings.getByRole("status").filter({ hasText: "cases are on" })).toBeVisible();
  return { surveyName, ourNumber };
}

/**
 * The start of most guide sections: the server owner signed in, a survey with cases and its
 * number, and the number of the person's (virtual) phone.
 */
export async function ownerWithConversations(page: Page, options: { reply?: string; cases?: boolean } = {}) {
  const stamp = uniqueStamp();
  await signInAsOwner(page);
  const { surveyName, ourNumber } = await setUpConversations(page, { stamp, ...options });
  return { stamp, surveyName, ourNumber, phone: `4479${stamp}` };
}

/** Admin > Users: a staff member who may see one survey; returns their generated password. */
export async function createStaff(page: Page, { stamp, surveyName }: { stamp: string; surveyName: string }) {
  const email = `staff-${stamp}@e2e.test`;
  await goToAdmin(page, "Users");
  const form = page.getByRole("region", { name: "New user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(`Sam ${stamp}`);
  await form.getByRole("button", { name: "Create user" }).click();
  const password = (await form.getByTestId("shown-once").textContent())!.trim();
  const row = page.getByTestId("user-row").filter({ hasText: email });
  await row.getByText(/Survey access/).click();
  await row.getByLabel(surveyName).check();
  await row.getByRole("button", { name: "Save access" }).click();
  await expect(row.getByRole("status").filter({ hasText: "Survey access saved." })).toBeVisible();
  return { email, password };
}

/** A person's phone writes to our number (Admin > Phone simulator). */
export async function phoneSends(page: Page, { phone, to, text }: { phone: string; to: string; text: string }) {
  await goToAdmin(page, "Phone simulator");
  await page.getByLabel("This phone's number").fill(phone);
  await page.getByLabel("Writes to").selectOption(to);
  await page.getByLabel("Message from this phone").fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(phoneMessages(page).filter({ hasText: text }).last()).toContainText("Received by Caseline");
}

/** The messages shown on the virtual phone now open in the simulator. */
export function phoneMessages(page: Page) {
  return page.getByTestId("phone-messages").getByTestId("phone-message");
}

/** Opens a phone in the simulator and returns what it received from us. */
export async function openPhone(page: Page, phone: string) {
  await goToAdmin(page, "Phone simulator");
  await page.getByLabel("This phone's number").fill(phone);
  await page.getByLabel("This phone's number").blur();
  return phoneMessages(page).and(page.locator('[data-direction="to_phone"]'));
}

/** The console's list of one survey's cases (Open, the default). */
export async function showCases(page: Page, surveyName: string, show: "Open" | "Closed" | "All" = "Open") {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Console" }).click();
  await page.waitForURL(/\/console$/);
  // Each choice is kept in the address; wait for it before the next, as a person would see it.
  const survey = page.getByRole("combobox", { name: "Survey", exact: true });
  await survey.selectOption({ label: surveyName });
  await page.waitForURL(/[?&]survey=\d+/);
  await page.getByRole("group", { name: "Show" }).getByRole("button", { name: show }).click();
  await page.waitForURL(new RegExp(`[?&]state=${show.toLowerCase()}`));
  await expect(survey.locator("option:checked")).toHaveText(surveyName);
  return page.getByRole("list", { name: "Case list" }).getByRole("link");
}

/** Opens the case whose title matches, from the console. */
export async function openCase(page: Page, surveyName: string, title: string | RegExp, show: "Open" | "Closed" | "All" = "Open") {
  const cases = await showCases(page, surveyName, show);
  await cases.filter({ hasText: title }).first().click();
  const reference = (await page.getByTestId("case-reference").textContent())!.trim();
  return reference;
}

/** The thread of the case on screen. */
export function thread(page: Page) {
  return page.getByTestId("message");
}

/**
 * A screenshot for the record (tests/e2e/artifacts) and, when `npm run screenshots` runs the
 * guide (TOUR=1), for the README's tour in public/tour.
 */
export async function tourScreenshot(page: Page, name: string, { fullPage = false } = {}) {
  const project = test.info().project.name;
  await page.screenshot({ path: `tests/e2e/artifacts/guide-${name}-${project}.png`, fullPage });
  if (process.env.TOUR === "1" && project === "desktop") {
    fs.mkdirSync(path.join("public", "tour"), { recursive: true });
    await page.screenshot({ path: path.join("public", "tour", `${name}.png`), fullPage });
  }
}
