// Admin set-up beyond the guide (whose own steps are in guide/01-setup.spec.ts): a message
// to a number that was not linked yet waits, then Process again routes it.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { owner, postSignedWebhook, signIn } from "./support";

const stamp = Date.now().toString().slice(-6);

test("a message to a number linked later waits, then Process again routes it", async ({ page, request }) => {
  const later = `447703${stamp}`;
  const response = await postSignedWebhook(request, "/api/vonage/inbound", {
    channel: "sms",
    message_uuid: randomUUID(),
    to: later,
    from: `447704${stamp}`,
    timestamp: new Date().toISOString(),
    message_type: "text",
    text: "Anyone reading this number?",
  });
  expect(response.status()).toBe(200);
  await signIn(page, owner.email, owner.password);
  await page.goto("/admin/users");
  await expect(page.getByTestId("user-row").filter({ hasText: owner.email }).getByText("You")).toBeVisible();
  await page.screenshot({ path: "tests/e2e/artifacts/users-tab.png", fullPage: true });
  await page.goto("/admin/users/conversations");
  const problems = page.getByRole("region", { name: "Unrouted and failed messages" });
  await expect(problems.getByText("Anyone reading this number?")).toBeVisible();

  await page.goto("/admin/surveys");
  await page.getByLabel("Name").fill(`Late survey ${stamp}`);
  await page.getByRole("button", { name: "Create survey" }).click();
  // Wait for the survey to exist before leaving the page (navigating away can beat the action).
  await expect(page.getByRole("link", { name: new RegExp(`Late survey ${stamp}`) })).toBeVisible();
  await page.goto("/admin/users/conversations");
  const linkForm = page.getByRole("region", { name: "Link a number" });
  await linkForm.getByLabel("Number").fill(`+${later}`);
  await linkForm.getByLabel("Survey").selectOption({ label: `Late survey ${stamp}` });
  await linkForm.getByRole("button", { name: "Link number" }).click();
  await expect(problems.getByText(`1 message to +${later} waited for a link.`)).toBeVisible();
  await problems.getByRole("button", { name: "Process again" }).click();
  await expect(problems.getByRole("status")).toHaveText(`1 message to +${later} routed.`);
  await expect(problems.getByText("Anyone reading this number?")).toHaveCount(0);
});
