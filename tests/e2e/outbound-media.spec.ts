// SPEC §11 Outbound in the browser: attach a file in the composer of a WhatsApp case (picked
// or dropped), see it upload, send it with a caption — it reaches the virtual phone through
// the simulator, which fetched it from the app. On SMS the composer says why files cannot go.
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createLink, createSurvey } from "../support/seed";
import { openPhone, tourScreenshot } from "./guide/steps";
import { inboundSmsBody, owner, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const WHATSAPP = `4477444${stamp}`;
const SMS = `4477445${stamp}`;
let surveyId: number;
let n = 0;
const person = () => `4477999${stamp}${String(n++).padStart(2, "0")}`;

/** A real 2×2 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==",
  "base64",
);

async function whatsappFrom(request: APIRequestContext, from: string, text: string) {
  const response = await postSignedWebhook(request, "/api/vonage/inbound", {
    channel: "whatsapp",
    message_uuid: randomUUID(),
    to: WHATSAPP,
    from,
    timestamp: new Date().toISOString(),
    message_type: "text",
    text,
    profile: { name: "Pat Doe" },
  });
  expect(response.status()).toBe(200);
}

async function openCase(page: Page, phone: string, title: RegExp) {
  await page.goto(`/console?survey=${surveyId}&q=${phone}`);
  await page.getByRole("list", { name: "Case list" }).getByRole("link", { name: title }).click();
  return page.getByRole("region", { name: "Composer" });
}

test.beforeAll(async () => {
  await useDatabase();
  const survey = await createSurvey({ name: `Files ${stamp}` });
  surveyId = survey.id;
  await createLink({ ourNumber: WHATSAPP, surveyId, channel: "whatsapp" });
  await createLink({ ourNumber: SMS, surveyId, channel: "sms" });
});

test("a PNG picked in the composer reaches the virtual phone", async ({ page, request }, info) => {
  const phone = person();
  await whatsappFrom(request, phone, "Can you send me a photo of the meter?");
  await signIn(page, owner.email, owner.password);
  const composer = await openCase(page, phone, /photo of the meter/);

  await composer.getByTestId("attach-input").setInputFiles({ name: "meter.png", mimeType: "image/png", buffer: PNG });
  const chip = composer.getByTestId("attachment");
  await expect(chip).toHaveAttribute("data-state", "ready");
  await expect(chip).toContainText("meter.png");
  await expect(chip).toContainText("ready to send");
  await composer.getByRole("textbox", { name: "Reply" }).fill("Here is the meter");
  await expect(composer.getByTestId("composer-counter")).toHaveText(/ \/ 1024 characters/);
  await page.screenshot({ path: `tests/e2e/artifacts/composer-attachment-${info.project.name}.png` });
  await tourScreenshot(page, "composer-attachment");
  await composer.getByRole("button", { name: "Send", exact: true }).click();

  // The chip goes, the reply shows with its file, and WhatsApp (the simulator) reads it.
  await expect(chip).toHaveCount(0);
  const sent = page.getByTestId("message").filter({ hasText: "Here is the meter" });
  // Shown like an inbound image: inline, served from Caseline's own storage.
  const image = sent.getByTestId("media-image");
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expect(sent.getByTestId("delivery-status")).toHaveText(/Read/, { timeout: 20_000 });
  await page.screenshot({ path: `tests/e2e/artifacts/composer-attachment-sent-${info.project.name}.png` });

  const received = await openPhone(page, phone);
  await expect(received.filter({ hasText: "📎 meter.png" })).toContainText(/📎 meter\.png \(\d+ B\)\s+Here is the meter #\d+/);
  await page.screenshot({ path: `tests/e2e/artifacts/phone-attachment-${info.project.name}.png` });
});

test("a file dropped on the composer is checked before it uploads, and can be removed with the keyboard", async ({ page, request }) => {
  const phone = person();
  await whatsappFrom(request, phone, "Please send the form");
  await signIn(page, owner.email, owner.password);
  const composer = await openCase(page, phone, /Please send the form/);

  // Too large for a WhatsApp image: refused here, before any upload.
  await composer.getByTestId("attach-input").setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(6_000_000, 1) });
  const chip = composer.getByTestId("attachment");
  await expect(chip).toHaveAttribute("data-state", "failed");
  await expect(chip.getByRole("alert")).toHaveText("The file is too large: 6 MB. An image (JPEG or PNG) can be at most 5 MB on WhatsApp.");
  await expect(composer.getByRole("button", { name: "Send", exact: true })).toBeDisabled();
  await chip.getByRole("button", { name: "Remove huge.png" }).focus();
  await page.keyboard.press("Enter");
  await expect(chip).toHaveCount(0);

  // Dropped: a PDF.
  const transfer = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    data.items.add(new File(["%PDF-1.4\n% the form\n"], "Form A.pdf", { type: "application/pdf" }));
    return data;
  });
  await composer.dispatchEvent("dragenter", { dataTransfer: transfer });
  await expect(composer.getByText("Drop the file to send it with your reply")).toBeVisible();
  await composer.dispatchEvent("drop", { dataTransfer: transfer });
  await expect(chip).toHaveAttribute("data-state", "ready");
  await expect(chip).toContainText("Form A.pdf");
  // A file may go without text.
  await composer.getByRole("button", { name: "Send", exact: true }).click();
  const sent = page.getByTestId("message").filter({ hasText: "Form A.pdf" });
  await expect(sent.getByTestId("delivery-status")).toHaveText(/Read|Delivered|Sent/, { timeout: 20_000 });
});

test("on an SMS case the composer says files cannot go, at phone width too @phone", async ({ page, request }, info) => {
  const phone = person();
  const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: SMS, from: phone, text: "Text only please" }));
  expect(response.status()).toBe(200);
  if (info.project.name === "phone") await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, owner.email, owner.password);
  await page.goto(`/console?survey=${surveyId}&q=${phone}`);
  await page.getByRole("list", { name: "Case list" }).getByRole("link", { name: /Text only please/ }).click();
  const composer = page.getByRole("region", { name: "Composer" });
  const attach = composer.getByRole("button", { name: "Attach" });
  await expect(attach).toHaveAttribute("aria-disabled", "true");
  await expect(attach).toHaveAttribute("title", "SMS cannot carry files: send a link, or use a WhatsApp number.");
  await attach.focus();
  await page.keyboard.press("Enter");
  await expect(composer.getByRole("alert")).toHaveText("SMS cannot carry files: send a link, or use a WhatsApp number.");
  await expect(composer.getByTestId("attachment")).toHaveCount(0);
  await page.screenshot({ path: `tests/e2e/artifacts/composer-sms-attach-${info.project.name}.png` });
});

test("the composer with a file at 390 px @phone-only", async ({ page, request }) => {
  const phone = person();
  await whatsappFrom(request, phone, "Photo please, on my phone");
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, owner.email, owner.password);
  await page.goto(`/console?survey=${surveyId}&q=${phone}`);
  await page.getByRole("list", { name: "Case list" }).getByRole("link", { name: /Photo please/ }).click();
  const composer = page.getByRole("region", { name: "Composer" });
  await composer.getByTestId("attach-input").setInputFiles({ name: "a-rather-long-file-name-for-a-small-screen.png", mimeType: "image/png", buffer: PNG });
  await expect(composer.getByTestId("attachment")).toHaveAttribute("data-state", "ready");
  await composer.scrollIntoViewIfNeeded();
  const box = await composer.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "tests/e2e/artifacts/composer-attachment-390.png" });
});

test("Settings > Server shows where files are fetched from", async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await page.goto("/admin/settings");
  const section = page.getByRole("region", { name: "Files sent from Caseline" });
  // The Simulator fetches from the app itself; with Vonage it would be PUBLIC_URL.
  await expect(section.getByTestId("media-address")).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/api\/media\/public\/…$/);
  await expect(section).toContainText("set it to this server's public https address before you switch");
  await expect(page.getByRole("list", { name: "Setup checklist" })).toContainText("PUBLIC_URL: this server's public https address (Vonage fetches files from it) (to do)");
  await page.screenshot({ path: "tests/e2e/artifacts/settings-media-address.png", fullPage: true });
});
