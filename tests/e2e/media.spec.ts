// SPEC §11 in the browser: a photo and a PDF from a virtual phone (Admin > Phone simulator)
// are kept by Caseline and shown in the case — the photo inline (a click opens it whole in a
// new tab), the PDF as a download with its name and size; a file that could not be saved says
// why and offers Retry, and the thread shows the image as soon as the retry has saved it.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { getSql } from "@/lib/db/client";
import { createLink, createSurvey } from "../support/seed";
import { owner, postSignedWebhook, signIn, useDatabase } from "./support";
import { tourScreenshot } from "./guide/steps";

const stamp = Date.now().toString().slice(-6);
const WA = `4477333${stamp}`;
const SMS = `4477334${stamp}`;
let surveyId: number;

test.beforeAll(async () => {
  await useDatabase();
  surveyId = (await createSurvey({ name: `Media ${stamp}` })).id;
  await createLink({ ourNumber: WA, surveyId, channel: "whatsapp" });
  await createLink({ ourNumber: SMS, surveyId, channel: "sms" });
});

async function phoneSendsFile(page: Page, { phone, to, file, caption }: { phone: string; to: string; file: string; caption: string }) {
  await page.goto("/admin/simulator");
  await page.getByLabel("This phone's number").fill(phone);
  await page.getByLabel("Writes to").selectOption(to);
  await page.getByLabel("Attach").selectOption({ label: file });
  if (caption) await page.getByLabel("Message from this phone").fill(caption);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const bubble = page.getByTestId("phone-messages").getByTestId("phone-message").filter({ hasText: "📎" }).last();
  await expect(bubble).toContainText("Received by Caseline");
}

async function openCaseOf(page: Page, phone: string, title: RegExp) {
  await page.goto(`/console?survey=${surveyId}&q=${phone}`);
  await page.getByRole("list", { name: "Case list" }).getByRole("link", { name: title }).click();
}

test("a photo from a virtual phone appears inline in the case, and opens whole in a new tab @phone", async ({ page }, info) => {
  const phone = `4479333${stamp}${info.project.name === "phone" ? 2 : 1}`;
  await signIn(page, owner.email, owner.password);
  await phoneSendsFile(page, { phone, to: WA, file: "Photo (PNG)", caption: "The damp patch on the bedroom wall" });
  await page.screenshot({ path: `tests/e2e/artifacts/media-phone-simulator-${info.project.name}.png`, fullPage: true });

  await openCaseOf(page, phone, /damp patch/);
  const message = page.getByTestId("message").filter({ hasText: "The damp patch on the bedroom wall" });
  const image = message.getByTestId("media-image");
  await expect(image).toBeVisible({ timeout: 20_000 });
  // Loaded from Caseline's own copy (the real bytes: 480 × 320), not just a broken <img>.
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);
  expect(await image.getAttribute("src")).toMatch(/^\/api\/v1\/media\/\d+$/);
  expect(await image.getAttribute("loading")).toBe("lazy");
  await page.screenshot({ path: `tests/e2e/artifacts/media-image-${info.project.name}.png`, fullPage: true });
  await tourScreenshot(page, "media-inline");
  if (info.project.name === "desktop") {
    await page.setViewportSize({ width: 390, height: 844 });
    await openCaseOf(page, phone, /damp patch/);
    await expect(page.getByTestId("media-image")).toBeVisible();
    await page.screenshot({ path: "tests/e2e/artifacts/media-image-390.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    await openCaseOf(page, phone, /damp patch/);
  }

  // Keyboard: the image is a link; Enter opens the full file in a new tab.
  const link = page.getByTestId("message").filter({ hasText: "The damp patch" }).getByRole("link", { name: /damp patch/ });
  await link.focus();
  const [tab] = await Promise.all([page.waitForEvent("popup"), page.keyboard.press("Enter")]);
  await tab.waitForLoadState();
  expect(tab.url()).toMatch(/\/api\/v1\/media\/\d+$/);
  await expect.poll(() => tab.evaluate(() => document.querySelector("img")?.naturalWidth ?? 0)).toBe(480);
  await tab.screenshot({ path: `tests/e2e/artifacts/media-image-tab-${info.project.name}.png` });
  await tab.close();
});

test("a PDF sent as an MMS shows as a download with its name and size", async ({ page }) => {
  const phone = `4479334${stamp}`;
  await signIn(page, owner.email, owner.password);
  await phoneSendsFile(page, { phone, to: SMS, file: "Leaflet (PDF) — as an MMS", caption: "" });
  await openCaseOf(page, phone, /File/);
  const card = page.getByTestId("attachment").filter({ hasText: "leaflet.pdf" });
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card).toContainText("933 bytes · application/pdf");
  const [download] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: "Download file “leaflet.pdf”" }).click()]);
  expect(download.suggestedFilename()).toBe("leaflet.pdf");
  await page.screenshot({ path: "tests/e2e/artifacts/media-file.png", fullPage: true });
});

test("a file that could not be saved says why and offers Retry; the image shows once saved @phone", async ({ page, request, baseURL }, info) => {
  const phone = `4479335${stamp}${info.project.name === "phone" ? 2 : 1}`;
  const uuid = randomUUID();
  // The link answers 404 (a sample the simulator does not have): the file is retried meanwhile.
  const response = await postSignedWebhook(request, "/api/vonage/inbound", {
    channel: "whatsapp",
    message_uuid: uuid,
    to: WA,
    from: phone,
    timestamp: new Date().toISOString(),
    message_type: "image",
    image: { url: `${baseURL}/api/simulator/media/lost.png`, caption: "Meter reading" },
    profile: { name: "Rita" },
  });
  expect(response.status()).toBe(200);
  await signIn(page, owner.email, owner.password);
  await openCaseOf(page, phone, /Meter reading/);
  const message = page.getByTestId("message").filter({ hasText: "Meter reading" });
  await expect(message.getByRole("status")).toContainText("Saving image…");
  await expect(message).toContainText(/Last try: 127\.0\.0\.1:\d+ answered 404 Not Found\. Trying again\./, { timeout: 20_000 });
  await page.screenshot({ path: `tests/e2e/artifacts/media-saving-${info.project.name}.png`, fullPage: true });

  // 48 hours of that later (here: at once), it is given up on; the link itself was fine all along.
  await useDatabase();
  await getSql()`
    update media_files set state = 'failed', next_attempt_at = null, source_url = ${`${baseURL}/api/simulator/media/photo.png`},
      failure_reason = 'Vonage''s link expired after 48 hours (last try: Vonage answered 404 Not Found)'
    where message_id = (select id from messages where provider_message_id = ${uuid})`;
  await page.reload();
  const failed = page.getByTestId("message").filter({ hasText: "Meter reading" });
  await expect(failed.getByTestId("media-failure")).toHaveText("Could not be saved — Vonage's link expired after 48 hours (last try: Vonage answered 404 Not Found)");
  await expect(failed.getByRole("link", { name: "Open the original link" })).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/media-failed-${info.project.name}.png`, fullPage: true });
  await failed.getByRole("button", { name: "Retry" }).click();
  // Saved by the worker, then shown by the live update (no reload).
  await expect.poll(() => failed.getByTestId("media-image").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBe(480);
  await expect(failed.getByTestId("media-failure")).toHaveCount(0);
});
