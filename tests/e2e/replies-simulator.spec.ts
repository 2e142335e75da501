// Replies end to end with the built-in simulator: a virtual phone writes, staff reply from
// the case through Edit → Send notification → Message Conversation, the reply is delivered
// (status webhooks from the simulator) and arrives on the virtual phone with its reference.
import { expect, test } from "@playwright/test";
import { createLink, createSurvey } from "../support/seed";
import { owner, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const OURS = `4477333${stamp}`;
const PHONE = `4477666${stamp}`;
let surveyId: number;

test.beforeAll(async () => {
  await useDatabase();
  const survey = await createSurvey({ name: `Repairs ${stamp}` });
  surveyId = survey.id;
  await createLink({ ourNumber: OURS, surveyId: survey.id, channel: "sms" });
});

test("a virtual phone writes, staff reply through Send notification, the phone gets it delivered with the reference", async ({ page }) => {
  await signIn(page, owner.email, owner.password);

  // 1. The phone writes to our number (through the signed inbound webhook).
  await page.getByRole("link", { name: "Admin" }).click();
  await page.getByRole("link", { name: "Phone simulator" }).click();
  await expect(page.getByRole("heading", { name: "Phone simulator" })).toBeVisible();
  await page.getByLabel("This phone's number").fill(PHONE);
  await page.getByLabel("Writes to").selectOption(OURS);
  await page.getByLabel("Message from this phone").fill("My boiler is broken");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const phone = page.getByTestId("phone-messages");
  await expect(phone.getByTestId("phone-message").filter({ hasText: "My boiler is broken" })).toContainText("Received by Caseline");

  // 2. Staff open the case and reply: Edit → Send notification → Message Conversation.
  await page.goto(`/console?survey=${surveyId}&q=${PHONE}`);
  await page.getByRole("link", { name: /My boiler is broken/ }).first().click();
  const reference = (await page.getByTestId("case-reference").textContent())!.trim();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Send notification" }).click();
  const dialog = page.getByRole("dialog", { name: "Send notification" });
  await dialog.getByRole("radio", { name: /Message Conversation/ }).check();
  await dialog.getByLabel("Message", { exact: true }).fill("An engineer is on the way");
  await expect(dialog.getByTestId("message-counter")).toContainText("1 SMS part · GSM-7");
  await page.screenshot({ path: "tests/e2e/artifacts/send-notification.png" });
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Sent to the conversation" })).toBeVisible();

  // 3. The case shows exactly what was sent, and it is delivered.
  await page.getByRole("link", { name: "Cancel" }).click();
  const reply = page.getByTestId("message").filter({ hasText: `An engineer is on the way ${reference}` });
  await expect(reply).toHaveAttribute("data-direction", "outbound");
  await expect(reply.getByTestId("delivery-status")).toHaveText(/Delivered/, { timeout: 20_000 });
  await page.screenshot({ path: "tests/e2e/artifacts/case-reply-delivered.png", fullPage: true });

  // 4. The virtual phone received it, with the reference.
  await page.goto("/admin/simulator");
  await page.getByRole("button", { name: new RegExp(PHONE.slice(-4)) }).click();
  await expect(phone.getByTestId("phone-message").filter({ hasText: `An engineer is on the way ${reference}` })).toContainText("Delivered");
  await page.screenshot({ path: "tests/e2e/artifacts/phone-simulator.png", fullPage: true });
});
