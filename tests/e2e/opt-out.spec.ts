// SPEC §12 as a user meets it: the link's opt-out confirmation and HELP answer set in
// Users > Conversations, STOP from a virtual phone (Admin > Phone simulator) → the case
// shows Opted out, the composer and Send notification cannot reply and say why, the phone
// got the confirmation, the opt-out is listed; START → replies work again.
import { expect, test, type Page } from "@playwright/test";
import { goToAdmin, openCase, openPhone, ownerWithConversations, phoneSends, thread, tourScreenshot } from "./guide/steps";

const CONFIRMATION = "You will get no more messages from us. Reply START to opt back in.";
const HELP = "Support desk: reply here or call +44 20 7946 0000. Reply STOP to opt out.";

async function conversationsTab(page: Page) {
  await goToAdmin(page, "Users");
  await page.getByRole("navigation", { name: "Users" }).getByRole("link", { name: "Conversations" }).click();
}

test("STOP from a phone: the case shows Opted out, replies are off with the reason, the phone got the confirmation; START undoes it", async ({ page }) => {
  const { surveyName, ourNumber, phone } = await ownerWithConversations(page);

  // Users > Conversations: the link's SMS opt-out texts.
  await conversationsTab(page);
  const row = page.getByTestId("link-row").filter({ hasText: `+${ourNumber}` });
  await row.getByText("Edit or delete").click();
  await row.getByLabel("Opt-out confirmation").fill(CONFIRMATION);
  await row.getByLabel("Answer to HELP").fill(HELP);
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByText(`After STOP: ${CONFIRMATION}`)).toBeVisible();
  await expect(row.getByText(`HELP: ${HELP}`)).toBeVisible();

  await phoneSends(page, { phone, to: ourNumber, text: "Hello, I need to move my appointment" });
  await phoneSends(page, { phone, to: ourNumber, text: "HELP" });
  await phoneSends(page, { phone, to: ourNumber, text: "Stop" });
  const received = await openPhone(page, phone);
  await expect(received.filter({ hasText: HELP })).toHaveCount(1, { timeout: 20_000 });
  await expect(received.filter({ hasText: CONFIRMATION })).toHaveCount(1, { timeout: 20_000 });

  await openCase(page, surveyName, "Hello, I need to move my appointment");
  await expect(page.getByTestId("opted-out")).toContainText("Opted out");
  await expect(page.getByTestId("opted-out")).toContainText("STOP");
  await expect(thread(page).filter({ hasText: /^Stop/ })).toHaveCount(1); // the keyword is in the conversation
  await expect(thread(page).filter({ hasText: CONFIRMATION })).toContainText("Opt-out confirmation");
  await expect(thread(page).filter({ hasText: HELP })).toContainText("Answer to HELP");
  await expect(page.getByTestId("history-event").filter({ hasText: `The person texted STOP: opted out of messages from +${ourNumber}` })).toBeVisible();

  const composer = page.getByRole("region", { name: "Composer" });
  await expect(composer.getByRole("button", { name: "Reply" })).toBeDisabled();
  await expect(composer.getByTestId("opted-out-notice")).toContainText(`+${phone} opted out of messages from this number (STOP on`);
  await expect(composer.getByTestId("opted-out-notice")).toContainText("They can text START to opt back in.");
  await expect(composer.getByRole("button", { name: "Add note" })).toBeVisible(); // notes still work
  await page.screenshot({ path: "tests/e2e/artifacts/opt-out-case.png", fullPage: true });
  await tourScreenshot(page, "opted-out");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "tests/e2e/artifacts/opt-out-case-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // The guide's way: Edit → Send notification is off too, with the reason.
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("button", { name: "Send notification" })).toBeDisabled();
  await expect(page.getByTestId("opted-out-notice")).toContainText(`+${phone} opted out of messages from this number`);
  await page.screenshot({ path: "tests/e2e/artifacts/opt-out-edit.png", fullPage: true });

  // Users > Conversations lists it, and finds it by the start of the number.
  await conversationsTab(page);
  const list = page.getByRole("region", { name: "Opt-outs" });
  await list.getByLabel("Search opt-outs by number").fill(`+${phone.slice(0, 8)}`);
  await list.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("region", { name: "Opt-outs" }).getByTestId("opt-out-row").filter({ hasText: `+${phone}` })).toContainText(`+${ourNumber}`);
  await page.getByRole("region", { name: "Opt-outs" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "tests/e2e/artifacts/opt-out-list.png", fullPage: true });
  await tourScreenshot(page, "opt-outs");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("region", { name: "Opt-outs" }).screenshot({ path: "tests/e2e/artifacts/opt-out-list-390.png" });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole("region", { name: "Opt-outs" }).getByLabel("Search opt-outs by number").fill("+1999");
  await page.getByRole("region", { name: "Opt-outs" }).getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("opt-outs-empty")).toContainText("No opted-out number starts with +1999.");

  // START from the phone: the case may be replied to again.
  await phoneSends(page, { phone, to: ourNumber, text: "START" });
  await openCase(page, surveyName, "Hello, I need to move my appointment");
  await expect(page.getByTestId("history-event").filter({ hasText: "The person texted START: opted back in" })).toBeVisible();
  await expect(page.getByTestId("opted-out")).toHaveCount(0);
  const composerAgain = page.getByRole("region", { name: "Composer" });
  await composerAgain.getByRole("button", { name: "Reply" }).click();
  await composerAgain.getByLabel("Reply").fill("Welcome back: Thursday at 9:00?");
  await composerAgain.getByRole("button", { name: "Send", exact: true }).click();
  await expect(thread(page).filter({ hasText: "Welcome back: Thursday at 9:00?" }).getByTestId("delivery-status")).toHaveText(/Delivered/, { timeout: 20_000 });
});
