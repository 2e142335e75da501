// SPEC §9 assignment as a staff member uses it: Assign to me, then the views Mine and
// Unassigned; choosing a colleague; the history line.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { surveyAccess, users } from "@/lib/db/schema";
import { createLink, createSurvey } from "../support/seed";
import { createTestUser, inboundSmsBody, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const OURS = `4477333${stamp}`;
let n = 0;
const person = () => `4477666${stamp}${n++}`;
let surveyId: number;
let staff: { email: string; password: string; name: string };
let colleague: { name: string };

async function inbound(request: APIRequestContext, from: string, text: string) {
  const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: OURS, from, text }));
  expect(response.status()).toBe(200);
}

test.beforeAll(async () => {
  await useDatabase();
  surveyId = (await createSurvey({ name: `Assignment ${stamp}` })).id;
  await createLink({ ourNumber: OURS, surveyId });
  const user = await createTestUser("staff");
  const other = await createTestUser("staff");
  // createTestUser names every user "Test staff": give the colleague a name of their own.
  await getDb().update(users).set({ name: `Colleague ${stamp}` }).where(eq(users.id, other.id));
  other.name = `Colleague ${stamp}`;
  await getDb().insert(surveyAccess).values([
    { userId: user.id, surveyId },
    { userId: other.id, surveyId },
  ]);
  staff = user;
  colleague = other;
});

async function showView(page: Page, view: "Mine" | "Unassigned" | "All") {
  await page.goto(`/console?survey=${surveyId}&state=open`);
  await page.getByRole("group", { name: "Assigned" }).getByRole("button", { name: view, exact: true }).click();
  await expect(page.getByRole("group", { name: "Assigned" }).getByRole("button", { name: view, exact: true })).toHaveAttribute("aria-pressed", "true");
}

test("assign to me: Mine shows the case and Unassigned does not; then to a colleague @phone", async ({ page, request }, info) => {
  const mine = `Boiler ${info.project.name} ${stamp}`;
  const other = `Invoice ${info.project.name} ${stamp}`;
  await inbound(request, person(), mine);
  await inbound(request, person(), other);

  await signIn(page, staff.email, staff.password);
  await page.goto(`/console?survey=${surveyId}&state=open`);
  await page.getByRole("list", { name: "Case list" }).getByRole("link").filter({ hasText: mine }).click();
  const assignee = page.getByRole("combobox", { name: "Assignee" });
  await expect(assignee.locator("option:checked")).toHaveText("Unassigned");
  await page.getByRole("button", { name: "Assign to me" }).click();
  await expect(assignee.locator("option:checked")).toHaveText(`${staff.name} (me)`);
  await expect(page.getByTestId("history-event").filter({ hasText: "assigned the case to themselves" })).toBeVisible();

  const list = page.getByRole("list", { name: "Case list" });
  await showView(page, "Mine");
  await expect(list.getByRole("link").filter({ hasText: mine })).toBeVisible();
  await expect(list.getByRole("link").filter({ hasText: other })).toHaveCount(0);
  await showView(page, "Unassigned");
  await expect(list.getByRole("link").filter({ hasText: other })).toBeVisible();
  await expect(list.getByRole("link").filter({ hasText: mine })).toHaveCount(0);

  // Handing it to a colleague: it leaves Mine.
  await showView(page, "All");
  await list.getByRole("link").filter({ hasText: mine }).click();
  await page.getByRole("combobox", { name: "Assignee" }).selectOption({ label: colleague.name });
  await expect(page.getByTestId("history-event").filter({ hasText: `reassigned the case from ${staff.name} to ${colleague.name}` })).toBeVisible();
  await showView(page, "Mine");
  await expect(list.getByRole("link").filter({ hasText: mine })).toHaveCount(0);
});
