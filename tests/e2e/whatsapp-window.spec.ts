// SPEC §4, WhatsApp: the case shows whether the 24-hour window is open; outside it the
// dialog asks before sending, and WhatsApp's rejection (1340, from the simulator as from
// Vonage) reads as a plain sentence in the thread.
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createLink, createSurvey } from "../support/seed";
import { owner, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const OURS = `4477222${stamp}`;
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

test.beforeAll(async () => {
  await useDatabase();
  const survey = await createSurvey({ name: `WhatsApp ${stamp}` });
  surveyId = survey.id;
  await createLink({ ourNumber: OURS, surveyId, channel: "whatsapp" });
});

test("inside the window: the case says until when, and a reply is delivered", async ({ page, request }) => {
  const person = `4477888${stamp}1`;
  await whatsapp(request, person, "Hi, is my parcel on its way?", new Date());
  await signIn(page, owner.email, owner.password);
  await page.goto(`/console?survey=${surveyId}&q=${person}`);
  await page.getByRole("link", { name: /is my parcel on its way/ }).click();
  await expect(page.getByTestId("whatsapp-window")).toContainText("WhatsApp window open until");
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Send notification" }).click();
  const dialog = page.getByRole("dialog", { name: "Send notification" });
  await expect(dialog.getByText(/WhatsApp window open until/)).toBeVisible();
  await expect(dialog.getByTestId("message-counter")).toHaveText("0 / 4096 characters");
  await dialog.getByLabel("Message", { exact: true }).fill("Yes, it arrives tomorrow");
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await page.getByRole("status").getByRole("link", { name: "See it in the conversation" }).click();
  const reply = page.getByTestId("message").filter({ hasText: "Yes, it arrives tomorrow" });
  await expect(reply.getByTestId("delivery-status")).toHaveText(/Read/, { timeout: 20_000 }); // WhatsApp reports "read" too
  await page.screenshot({ path: "tests/e2e/artifacts/whatsapp-open.png", fullPage: true });
});

test("outside the window: the dialog asks first, and the rejection reads as a sentence @phone", async ({ page, request }, info) => {
  const person = `4477888${stamp}${info.project.name === "phone" ? 3 : 2}`;
  await whatsapp(request, person, "Thanks for the help last week", new Date(Date.now() - 30 * 3600_000));
  await signIn(page, owner.email, owner.password);
  await page.goto(`/console?survey=${surveyId}&q=${person}`);
  await page.getByRole("link", { name: /Thanks for the help last week/ }).click();
  await expect(page.getByTestId("whatsapp-window")).toHaveText("WhatsApp window closed");
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Send notification" }).click();
  const dialog = page.getByRole("dialog", { name: "Send notification" });
  await expect(dialog.getByText(/The WhatsApp window is closed/)).toBeVisible();
  await dialog.getByLabel("Message", { exact: true }).fill("Do you need anything else?");
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  // Nothing is sent yet: the dialog asks.
  await expect(dialog.getByRole("alert")).toContainText("more than 24 hours ago");
  await page.screenshot({ path: `tests/e2e/artifacts/whatsapp-ask-${info.project.name}.png` });
  await dialog.getByRole("button", { name: "Send anyway" }).click();
  await page.getByRole("status").getByRole("link", { name: "See it in the conversation" }).click();
  const reply = page.getByTestId("message").filter({ hasText: "Do you need anything else?" });
  await expect(reply.getByTestId("delivery-status")).toHaveText(/Rejected/, { timeout: 20_000 });
  await expect(reply.getByTestId("delivery-error")).toHaveText(
    "WhatsApp only allows free text within 24 hours of the person's last message.",
  );
  await page.screenshot({ path: `tests/e2e/artifacts/whatsapp-rejected-${info.project.name}.png`, fullPage: true });

  // Retry sends it again as a new attempt (still outside the window here, so rejected again),
  // and the history says who did it.
  await reply.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("history-event").filter({ hasText: "sent a failed reply again" })).toBeVisible();
  await expect(reply.getByTestId("delivery-status")).toHaveText(/Rejected/, { timeout: 20_000 });
  await expect(page.getByTestId("message").filter({ hasText: "Do you need anything else?" })).toHaveCount(1);
});
