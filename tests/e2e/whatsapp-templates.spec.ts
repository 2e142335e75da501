// SPEC §10: an admin keeps a WhatsApp template (Admin > Users > Templates); on a WhatsApp case
// whose 24-hour window has closed the composer opens on Template and says why; the parameters
// filled in, the preview is what the person receives — on the virtual phone, through the
// simulator (which, like Vonage, takes templates outside the window).
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { formatNumber } from "@/lib/display/format";
import { createLink, createSurvey } from "../support/seed";
import { goToAdmin, openPhone, tourScreenshot } from "./guide/steps";
import { owner, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const OURS = `4477444${stamp}`;
let surveyId: number;

async function whatsapp(request: APIRequestContext, from: string, text: string, at: Date) {
  const response = await postSignedWebhook(request, "/api/vonage/inbound", {
    channel: "whatsapp",
    message_uuid: randomUUID(),
    to: OURS,
    from,
    timestamp: at.toISOString(),
    message_type: "text",
    text,
    profile: { name: "Jane Smith" },
  });
  expect(response.status()).toBe(200);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test.beforeAll(async () => {
  await useDatabase();
  const survey = await createSurvey({ name: `Templates ${stamp}` });
  surveyId = survey.id;
  await createLink({ ourNumber: OURS, surveyId, channel: "whatsapp" });
});

async function openTemplatesAdmin(page: Page) {
  await goToAdmin(page, "Users");
  await page.getByRole("navigation", { name: "Users" }).getByRole("link", { name: "Templates" }).click();
  await expect(page.getByRole("heading", { name: "WhatsApp templates" })).toBeVisible();
}

test("an admin adds a template; on a closed-window case the composer opens on Template and the phone receives it filled in @phone", async ({ page, request }, info) => {
  const phoneRun = info.project.name === "phone";
  const name = `appointment_reminder_${stamp}_${phoneRun ? "p" : "d"}`;
  const person = `4477999${stamp}${phoneRun ? 2 : 1}`;
  if (phoneRun) await page.setViewportSize({ width: 390, height: 844 });

  await signIn(page, owner.email, owner.password);
  await openTemplatesAdmin(page);
  // The first run on a fresh install meets the empty state that explains what templates are.
  if (!phoneRun && (await page.getByTestId("templates-empty").count()) > 0) {
    await expect(page.getByTestId("templates-empty")).toContainText("approved in your WhatsApp Business account");
    await page.screenshot({ path: `tests/e2e/artifacts/templates-admin-empty-${info.project.name}.png`, fullPage: true });
  }
  const add = page.getByRole("region", { name: "Add a template" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Language code").fill("en-gb");
  await add.getByLabel("Body").fill("Hi {{1}}, your appointment is on {{2}}. Reply to this message to change it.");
  await expect(add.getByTestId("template-parameters")).toContainText("2 parameters: {{1}}, {{2}}");
  await add.getByRole("checkbox", { name: new RegExp(`^${escapeRegExp(formatNumber(OURS))} `) }).check();
  await add.getByRole("button", { name: "Add template" }).click();
  await expect(add.getByRole("status")).toHaveText(`Added “${name}” (en_GB).`);
  const row = page.getByTestId("template-row").filter({ hasText: name });
  await expect(row).toContainText("en_GB");
  await expect(row).toContainText("2 parameters");

  // The same name and language again: refused beside the field, nothing added.
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Language code").fill("en_GB");
  await add.getByLabel("Body").fill("Something else");
  await add.getByRole("button", { name: "Add template" }).click();
  await expect(add.getByText(`There is already a template named “${name}” in en_GB`)).toBeVisible();
  await expect(page.getByTestId("template-row").filter({ hasText: name })).toHaveCount(1);
  await page.screenshot({ path: `tests/e2e/artifacts/templates-admin-${info.project.name}.png`, fullPage: true });

  // The person last wrote 30 hours ago: the window is closed.
  await whatsapp(request, person, "Can I move my appointment?", new Date(Date.now() - 30 * 3600_000));
  await page.goto(`/console?survey=${surveyId}&q=${person}`);
  await page.getByRole("link", { name: /Can I move my appointment/ }).click();
  const composer = page.getByRole("region", { name: "Composer" });
  await expect(composer.getByRole("button", { name: "Template", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(composer.getByTestId("template-window-closed")).toContainText("more than 24 hours ago");
  await expect(composer.getByTestId("template-window-closed")).toContainText("WhatsApp only delivers approved templates now");
  // Free text stays reachable, second.
  await composer.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(composer.getByRole("textbox", { name: "Reply" })).toBeVisible();
  await composer.getByRole("button", { name: "Send a template instead" }).click();
  await expect(composer.getByRole("button", { name: "Template", exact: true })).toHaveAttribute("aria-pressed", "true");

  await composer.getByLabel("Template").selectOption({ label: `${name} (en_GB)` });
  await expect(composer.getByTestId("template-preview")).toHaveText("Hi {{1}}, your appointment is on {{2}}. Reply to this message to change it.");
  // Each parameter is required.
  await composer.getByLabel("{{1}}").fill("Sam");
  await composer.getByRole("button", { name: "Send template" }).click();
  await expect(composer.getByText("Fill in {{2}}.")).toBeVisible();
  await composer.getByLabel("{{2}}").fill("Tuesday at 10:00");
  const rendered = "Hi Sam, your appointment is on Tuesday at 10:00. Reply to this message to change it.";
  await expect(composer.getByTestId("template-preview")).toHaveText(rendered);
  await composer.screenshot({ path: `tests/e2e/artifacts/composer-template-${info.project.name}.png` });
  if (!phoneRun) await page.screenshot({ path: `tests/e2e/artifacts/composer-template-page-${info.project.name}.png`, fullPage: true });
  if (!phoneRun) await tourScreenshot(page, "composer-template");
  await composer.getByRole("button", { name: "Send template" }).click();

  // The case shows the body filled in, no reference added; the simulator delivers it.
  const sent = page.getByTestId("message").filter({ hasText: rendered });
  await expect(sent.getByTestId("message-text")).toHaveText(rendered);
  await expect(sent.getByTestId("message-template")).toHaveText(`Template ${name}`);
  await expect(sent.getByTestId("delivery-status")).toHaveText(/Read/, { timeout: 20_000 });
  await expect(composer.getByLabel("{{1}}")).toHaveValue("");
  await sent.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `tests/e2e/artifacts/template-sent-${info.project.name}.png` });

  // On the person's phone (Admin > Phone simulator): the rendered text.
  const received = await openPhone(page, person);
  await expect(received.filter({ hasText: rendered })).toHaveCount(1);
  await expect(received.filter({ hasText: rendered })).toContainText("Read");
});
