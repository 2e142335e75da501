// Guide: "Replying to Messages" — Open the case → Edit → Send notification → Message
// Conversation → type → Send; the reply goes to the phone with the reference appended and
// is in the case, and the person's answer joins the conversation.
import { expect, test } from "@playwright/test";
import { openCase, openPhone, phoneSends, setUpConversations, signInAsOwner, thread, tourScreenshot, uniqueStamp } from "./steps";

test("a reply through Send notification reaches the phone with the reference and stays in the case @phone", async ({ page }) => {
  const stamp = uniqueStamp();
  await signInAsOwner(page);
  const { surveyName, ourNumber } = await setUpConversations(page, { stamp });
  const phone = `4479${stamp}`;
  await phoneSends(page, { phone, to: ourNumber, text: "Can I book an appointment?" });

  // 1.–6.
  const reference = await openCase(page, surveyName, "Can I book an appointment?");
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Send notification" }).click();
  const dialog = page.getByRole("dialog", { name: "Send notification" });
  await dialog.getByRole("radio", { name: /Message Conversation/ }).check();
  await dialog.getByLabel("Message", { exact: true }).fill("Yes: Tuesday at 10:00 suits us");
  await expect(dialog.getByText(`The reference ${reference} is added at the end.`)).toBeVisible();
  await expect(dialog.getByTestId("message-counter")).toContainText("1 SMS part · GSM-7");
  await tourScreenshot(page, "send-notification");
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Sent to the conversation" })).toBeVisible();

  // The case shows exactly what was sent, delivered.
  await page.getByRole("link", { name: "Cancel" }).click();
  const reply = thread(page).filter({ hasText: `Yes: Tuesday at 10:00 suits us ${reference}` });
  await expect(reply).toHaveAttribute("data-direction", "outbound");
  await expect(reply.getByTestId("delivery-status")).toHaveText(/Delivered/, { timeout: 20_000 });

  // The phone got it, with the reference; its answer joins the conversation.
  const received = await openPhone(page, phone);
  await expect(received.filter({ hasText: `Yes: Tuesday at 10:00 suits us ${reference}` })).toContainText("Delivered");
  await tourScreenshot(page, "phone-simulator");
  await phoneSends(page, { phone, to: ourNumber, text: "Perfect, see you then" });
  await openCase(page, surveyName, "Can I book an appointment?");
  await expect(thread(page)).toHaveCount(3);
  await expect(thread(page).nth(2)).toContainText("Perfect, see you then");
  await tourScreenshot(page, "conversation");
});
