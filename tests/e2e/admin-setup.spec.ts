// The guide's "Setup (For Server Owners Only)", followed in the UI, then a signed webhook
// to the linked number creates a case.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { owner, postSignedWebhook, signIn, webhookSecret } from "./support";

const stamp = Date.now().toString().slice(-6);
const NUMBER = `+44 7701 ${stamp}`;
const DIGITS = `447701${stamp}`;

test("the owner connects Vonage, links a number, enables cases; a message then creates a case", async ({ page, request }) => {
  await signIn(page, owner.email, owner.password);

  // 2. Connect the provider: Admin > Settings > Server tab.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("navigation", { name: "Settings" }).getByText("Server")).toBeVisible();
  await page.getByLabel("Vonage Application ID").fill("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
  await page.getByRole("button", { name: "Replace" }).first().click();
  await page.getByLabel("Vonage Webhook secret").fill(webhookSecret);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Settings saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Vonage Application ID")).toHaveValue("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
  await expect(page.getByText(webhookSecret)).toHaveCount(0); // never sent back to the browser
  await expect(page.getByRole("list", { name: "Setup checklist" }).getByText("Vonage Webhook secret (done)")).toBeAttached();
  await expect(page.getByText(/\/api\/vonage\/inbound$/)).toBeVisible();
  await page.screenshot({ path: "tests/e2e/artifacts/settings-server.png", fullPage: true });

  // A survey to receive the messages (the guide's prerequisite).
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Surveys" }).click();
  await page.getByLabel("Name").fill(`Guide survey ${stamp}`);
  await page.getByRole("button", { name: "Create survey" }).click();
  await page.getByRole("link", { name: new RegExp(`Guide survey ${stamp}`) }).click();
  await expect(page.getByRole("heading", { name: `Guide survey ${stamp}` })).toBeVisible();

  // 3. Link the number: Admin > Users > Conversations tab.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("navigation", { name: "Users" }).getByRole("link", { name: "Conversations" }).click();
  const linkForm = page.getByRole("region", { name: "Link a number" });
  await linkForm.getByLabel("Number").fill(NUMBER);
  await linkForm.getByLabel("Survey").selectOption({ label: `Guide survey ${stamp}` });
  await linkForm
    .getByLabel("Automatic reply when the sender has several open cases")
    .fill("You currently have %s1 open cases (%s2). Add #0 for a new one.");
  await expect(linkForm.getByTestId("reply-preview")).toHaveText(
    "You currently have 2 open cases (#123: Appointment request, #124: Question about hours). Add #0 for a new one.",
  );
  await linkForm.getByRole("button", { name: "Link number" }).click();
  await expect(page.getByTestId("link-row").filter({ hasText: `+${DIGITS}` })).toBeVisible();
  await page.screenshot({ path: "tests/e2e/artifacts/conversations-tab.png", fullPage: true });

  // The same number twice is refused with a clear message.
  await linkForm.getByLabel("Number").fill(`00${DIGITS}`);
  await linkForm.getByLabel("Survey").selectOption({ label: `Guide survey ${stamp}` });
  await linkForm.getByRole("button", { name: "Link number" }).click();
  await expect(linkForm.getByText(`+${DIGITS} is already linked to the survey “Guide survey ${stamp}”.`)).toBeVisible();
  await expect(linkForm.getByLabel("Number")).toHaveValue(`00${DIGITS}`); // what was typed stays, next to its error

  // 4. Enable cases: in the survey's online editor, a status question and its closing value.
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Surveys" }).click();
  await page.getByRole("link", { name: new RegExp(`Guide survey ${stamp}`) }).click();
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
  await page.screenshot({ path: "tests/e2e/artifacts/survey-editor.png", fullPage: true });

  // A message to the linked number now creates a case.
  const response = await postSignedWebhook(request, "/api/vonage/inbound", {
    channel: "sms",
    message_uuid: randomUUID(),
    to: DIGITS,
    from: `447702${stamp}`,
    timestamp: new Date().toISOString(),
    message_type: "text",
    text: "Hello, I need an appointment",
  });
  expect(response.status()).toBe(200);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Console" }).click();
  await page.getByRole("combobox", { name: "Survey", exact: true }).selectOption({ label: `Guide survey ${stamp}` });
  const row = page.getByRole("list", { name: "Case list" }).getByRole("link", { name: /Hello, I need an appointment/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText("New");
});

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
