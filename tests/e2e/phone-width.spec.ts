// Every main screen fits a phone: nothing wider than the viewport, nothing to scroll sideways.
import { expect, test } from "@playwright/test";
import { owner, signIn } from "./support";

const PAGES = ["/console", "/admin", "/admin/settings", "/admin/users", "/admin/users/conversations", "/admin/users/templates", "/admin/surveys", "/admin/simulator", "/admin/audit", "/admin/people"];

test("the console and admin screens fit a phone @phone-only", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Against the phone's screen, not the layout viewport: a mobile browser widens that to fit
    // content that overflows, and then zooms the whole page out.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.screen.width);
    expect(overflow, `${path} is ${overflow}px wider than the phone`).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `tests/e2e/artifacts/phone${path.replace(/\//g, "-")}.png`, fullPage: true });
  }
});
