// SPEC §13 business hours as an admin meets them: Users > Conversations, a number's time zone,
// weekly hours and out-of-hours reply (a mistake is shown beside its day and nothing is
// saved), then a person writes while the number is closed and their phone gets the reply once;
// the case shows it as the out-of-hours reply. Then the Reports page's CSV links download.
import { expect, test, type Page } from "@playwright/test";
import { isOpenAt } from "@/lib/business-hours/is-open";
import { goToAdmin, openCase, openPhone, ownerWithConversations, phoneSends, thread, tourScreenshot } from "./guide/steps";

const CLOSED_TEXT = "Thanks for your message! We are closed now and answer from 09:00 on weekdays.";
const WEEKDAY_HOURS = { "1": "09:00-12:30, 13:30-17:00", "2": "09:00-17:00", "3": "09:00-17:00", "4": "09:00-17:00", "5": "09:00-16:00" };

/** A time zone where the number is closed now and for the next half hour (the test's length). */
function closedZone(): string {
  const hours = Object.fromEntries(
    Object.entries(WEEKDAY_HOURS).map(([day, text]) => [day, text.split(", ").map((i) => ({ start: i.slice(0, 5), end: i.slice(6) }))]),
  );
  const zones = ["America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles", "Pacific/Honolulu", "Asia/Kolkata"];
  const zone = zones.find((z) => [0, 30].every((minutes) => !isOpenAt(new Date(Date.now() + minutes * 60_000), z, hours)));
  if (!zone) throw new Error("No candidate zone is closed now");
  return zone;
}

async function conversationsTab(page: Page) {
  await goToAdmin(page, "Users");
  await page.getByRole("navigation", { name: "Users" }).getByRole("link", { name: "Conversations" }).click();
}

test("business hours in the link form; a message out of hours gets the automatic reply once", async ({ page }) => {
  const { surveyName, ourNumber, phone } = await ownerWithConversations(page);
  const zone = closedZone();

  await conversationsTab(page);
  const row = page.getByTestId("link-row").filter({ hasText: `+${ourNumber}` });
  await row.getByText("Edit or delete").click();
  const hours = row.getByTestId("business-hours");
  await hours.getByLabel("Time zone").selectOption(zone);
  const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
  for (const [i, day] of days.entries()) await hours.getByLabel(day).fill(WEEKDAY_HOURS[String(i + 1) as keyof typeof WEEKDAY_HOURS]);
  await hours.getByLabel("Tuesday").fill("9 to 5");
  await hours.getByLabel("Out-of-hours reply").fill(CLOSED_TEXT);
  await row.getByRole("button", { name: "Save" }).click();
  // Refused beside the day, what was typed kept, nothing saved.
  await expect(hours.getByText("Tuesday: “9 to 5” is not an interval: write it like 09:00-17:00.")).toBeVisible();
  await expect(hours.getByLabel("Tuesday")).toHaveAttribute("aria-invalid", "true");
  await expect(hours.getByLabel("Out-of-hours reply")).toHaveValue(CLOSED_TEXT);
  await expect(row.getByTestId("link-hours")).toHaveCount(0);

  await hours.getByLabel("Tuesday").fill("09:00-17:00");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByTestId("link-hours")).toContainText(
    `Hours (${zone.replaceAll("_", " ")}): Monday 09:00-12:30, 13:30-17:00; Tuesday–Thursday 09:00-17:00; Friday 09:00-16:00 · Out of hours: ${CLOSED_TEXT}`,
  );
  await expect(hours.getByLabel("Tuesday")).not.toHaveAttribute("aria-invalid", "true");
  await hours.scrollIntoViewIfNeeded();
  await tourScreenshot(page, "business-hours");
  await page.setViewportSize({ width: 390, height: 844 });
  await row.getByTestId("business-hours").screenshot({ path: "tests/e2e/artifacts/business-hours-390.png" });
  await page.setViewportSize({ width: 1280, height: 720 });

  // The person writes twice while the number is closed: one automatic reply.
  await phoneSends(page, { phone, to: ourNumber, text: "Hello, is the shop open on Saturday?" });
  await phoneSends(page, { phone, to: ourNumber, text: "And on Sunday?" });
  const received = await openPhone(page, phone);
  await expect(received.filter({ hasText: CLOSED_TEXT })).toHaveCount(1, { timeout: 20_000 });

  await openCase(page, surveyName, "Hello, is the shop open on Saturday?");
  await expect(thread(page).filter({ hasText: CLOSED_TEXT })).toContainText("Out-of-hours reply");
  await expect(thread(page).filter({ hasText: CLOSED_TEXT })).toHaveCount(1);

  // Reports: the same survey's cases and messages as CSV files.
  await page.getByRole("link", { name: "Reports" }).first().click();
  const filters = page.getByRole("form", { name: "Report filters" });
  await filters.getByLabel("Survey").selectOption({ label: surveyName });
  await filters.getByRole("button", { name: "Show report" }).click();
  const exports = page.getByRole("navigation", { name: "Export as CSV" });
  const [download] = await Promise.all([page.waitForEvent("download"), exports.getByRole("link", { name: "Messages (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^caseline-survey-\d+-messages-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const file = await download.path();
  const bytes = (await import("node:fs")).readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8");
  expect(text).toContain("Hello, is the shop open on Saturday?");
  expect(text).toContain(CLOSED_TEXT);
});
