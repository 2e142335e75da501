// SPEC §13, notification email as a user and the server owner see it: a staff member turns
// "Email me notifications" off in their profile with the keyboard (saved at once, still off
// after a reload, and in the database), and on again; the owner sees in Settings > Server
// whether this server sends email (this run has no SMTP_URL: off) and the last day's counts.
// The sending itself is tested against a real SMTP server in
// tests/integration/notification-email.test.ts.
import { expect, test } from "@playwright/test";
import { getSql } from "@/lib/db/client";
import { tourScreenshot } from "./guide/steps";
import { createTestUser, owner, signIn, useDatabase } from "./support";

test.beforeAll(async () => {
  await useDatabase();
});

async function emailSetting(userId: number): Promise<boolean> {
  const [row] = await getSql()<Array<{ on: boolean }>>`select email_notifications as on from users where id = ${userId}`;
  return row!.on;
}

test("a user turns notification emails off and on in their profile @phone", async ({ page }) => {
  const staff = await createTestUser("staff");
  await signIn(page, staff.email, staff.password);
  await page.goto("/profile");
  const box = page.getByRole("checkbox", { name: /Email me notifications/ });
  await expect(box).toBeChecked();
  await expect(page.getByText("This server does not send email yet")).toBeVisible();

  // Keyboard only: Tab to it, Space to change it.
  await box.focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("status").filter({ hasText: "Saved: no emails." })).toBeVisible();
  await expect(box).not.toBeChecked();
  expect(await emailSetting(staff.id)).toBe(false);

  await page.reload();
  await expect(page.getByRole("checkbox", { name: /Email me notifications/ })).not.toBeChecked();
  // Nothing spills sideways at phone width.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize(size);

  await page.getByRole("checkbox", { name: /Email me notifications/ }).check();
  await expect(page.getByRole("status").filter({ hasText: "Saved: you will get emails." })).toBeVisible();
  expect(await emailSetting(staff.id)).toBe(true);
  await tourScreenshot(page, "email-notifications");
});

test("the server owner sees whether email is on, and the last day's counts", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await page.goto("/admin/settings");
  const panel = page.getByTestId("email-status");
  await expect(panel.getByRole("heading", { name: "Notification email" })).toBeVisible();
  await expect(panel.getByText("Off.")).toBeVisible();
  await expect(panel.getByText("SMTP_URL")).toBeVisible();
  for (const label of ["Sent", "Waiting", "Failed", "Not needed"]) await expect(panel.getByText(label, { exact: true })).toBeVisible();
  await expect(panel.getByTestId("email-failed")).toHaveText(/^\d+$/);
  await panel.scrollIntoViewIfNeeded();
  await tourScreenshot(page, "email-status");
});
