// Admin > Webhooks in the UI: an endpoint on a real receiver (127.0.0.1), its secret shown
// once, an inbound message's deliveries listed and signed with it, Send again, off, delete.
import { createHmac } from "node:crypto";
import { expect, test } from "@playwright/test";
import { createLink, createSurvey } from "../support/seed";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { inboundSmsBody, owner, postSignedWebhook, signIn, useDatabase } from "./support";
import { tourScreenshot } from "./guide/steps";

const stamp = Date.now().toString().slice(-6);
const ourNumber = `4477009${stamp}`;
let receiver: WebhookReceiver;

test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

function signed(secret: string, signature: string, body: string) {
  const { t, v1 } = Object.fromEntries(signature.split(",").map((p) => p.split("=")));
  return v1 === createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
}

test("an admin adds an endpoint, sees its deliveries and sends one again", async ({ page, request }) => {
  await useDatabase();
  const survey = await createSurvey({ name: `Webhooks ${stamp}` });
  await createLink({ ourNumber, surveyId: survey.id });

  await signIn(page, owner.email, owner.password);
  await page.goto("/admin/users");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
  await expect(page.getByText("No endpoints yet")).toBeVisible();

  const form = page.getByRole("region", { name: "New endpoint" });
  // Nothing chosen: each problem beside its field.
  await form.getByRole("button", { name: "Create endpoint" }).click();
  await expect(form.getByText("Enter the URL to send the events to.")).toBeVisible();
  await expect(form.getByText("Choose at least one event.")).toBeVisible();

  await form.getByLabel("URL").fill(receiver.url);
  await form.getByLabel("Description").fill("Sales CRM");
  await form.getByLabel(/^message\.received/).check();
  await form.getByLabel(/^case\.created/).check();
  await form.getByRole("button", { name: "Create endpoint" }).click();
  const secretField = form.getByRole("status").locator("code");
  await expect(secretField).toHaveText(/^whsec_/);
  const secret = (await secretField.textContent())!.trim();
  await expect(form.getByRole("button", { name: "Copy Signing secret" })).toBeVisible();
  await page.screenshot({ path: "test-results/webhooks-created.png", fullPage: true });

  const row = page.getByTestId("webhook-row").filter({ hasText: receiver.url });
  await expect(row.getByText("Active")).toBeVisible();
  await expect(row.getByText("Sales CRM")).toBeVisible();

  // Shown once: not on the page any more after a reload.
  await page.reload();
  await expect(page.getByTestId("webhook-row")).toHaveCount(1);
  expect(await page.content()).not.toContain(secret);

  // A message from a new person: message.received and case.created, signed with that secret.
  const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: ourNumber, from: `4477008${stamp}`, text: "Hello from the web" }));
  expect(response.status()).toBe(200);
  await expect.poll(() => receiver.received.length).toBe(2);
  for (const delivery of receiver.received) expect(signed(secret, delivery.signature, delivery.body)).toBe(true);
  expect(new Set(receiver.received.map((d) => JSON.parse(d.body).type))).toEqual(new Set(["message.received", "case.created"]));

  await page.getByTestId("webhook-row").getByRole("link", { name: "Deliveries" }).click();
  await expect(page.getByRole("heading", { name: "Deliveries" })).toBeVisible();
  const deliveries = page.getByTestId("delivery-row");
  await expect(deliveries).toHaveCount(2);
  await expect(deliveries.filter({ hasText: "Delivered" })).toHaveCount(2);
  await expect(deliveries.first()).toContainText("HTTP 200");
  await tourScreenshot(page, "webhook-deliveries");

  const received = deliveries.filter({ hasText: "message.received" });
  const eventId = receiver.received.find((d) => JSON.parse(d.body).type === "message.received")!.eventId;
  await expect(received).toContainText(eventId);
  await received.getByRole("button", { name: "Send again" }).click();
  await expect.poll(() => receiver.received.length).toBe(3);
  expect(receiver.received[2]!.eventId).toBe(eventId);
  await expect
    .poll(async () => {
      await page.reload();
      return (await page.getByTestId("delivery-row").filter({ hasText: "message.received" }).textContent()) ?? "";
    })
    .toMatch(/2\s*attempts/);

  // At phone width the deliveries stack, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/webhooks-deliveries-phone.png", fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.goto("/admin/webhooks");
  await page.screenshot({ path: "test-results/webhooks-phone.png", fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Off, then deleted after a confirmation.
  const endpoint = page.getByTestId("webhook-row");
  await endpoint.getByRole("button", { name: "Turn off" }).click();
  await expect(endpoint.getByText("Off", { exact: true })).toBeVisible();
  await expect(endpoint.getByText(/^Turned off by/)).toBeVisible();
  await endpoint.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this endpoint?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("webhook-row")).toHaveCount(1);
  await endpoint.getByRole("button", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page.getByText("No endpoints yet")).toBeVisible();
});
