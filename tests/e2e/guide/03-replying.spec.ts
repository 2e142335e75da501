// Guide: "Replying to Messages" — a regular user: Open the case → Edit → Send notification →
// Message Conversation → type → Send; the reply goes to the phone with the reference
// appended, is in the case, and the person's answer joins the conversation.
import { expect, test } from "@playwright/test";
import { signIn } from "../support";
import { createStaff, openCase, openPhone, phoneSends, setUpConversations, signInAsOwner, thread, tourScreenshot, uniqueStamp } from "./steps";

test("staff reply through Send notification; the phone gets it with the reference; it stays in the case @phone", async ({ page, browser }) => {
  const stamp = uniqueStamp();
  // The server owner sets up (and plays the person's phone, in the Phone simulator).
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signInAsOwner(ownerPage);
  const { surveyName, ourNumber } = await setUpConversations(ownerPage, { stamp });
  const staff = await createStaff(ownerPage, { stamp, surveyName });
  const phone = `4479${stamp}`;
  await phoneSends(ownerPage, { phone, to: ourNumber, text: "Can I book an appointment?" });

  // 1. Open the case, 2. Edit, 3. Send notification, 4. Message Conversation, 5. type, 6. Send.
  await signIn(page, staff.email, staff.password);
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

  // The case shows exactly what was sent, delivered.
  await page.getByRole("status").getByRole("link", { name: "See it in the conversation" }).click();
  const reply = thread(page).filter({ hasText: `Yes: Tuesday at 10:00 suits us ${reference}` });
  await expect(reply).toHaveAttribute("data-direction", "outbound");
  await expect(reply).toContainText(`Sam ${stamp}`);
  await expect(reply.getByTestId("delivery-status")).toHaveText(/Delivered/, { timeout: 20_000 });

  // The phone got it, with the reference; its answer joins the conversation (live).
  const received = await openPhone(ownerPage, phone);
  await expect(received.filter({ hasText: `Yes: Tuesday at 10:00 suits us ${reference}` })).toContainText("Delivered", { timeout: 20_000 });
  await tourScreenshot(ownerPage, "phone-simulator");
  await phoneSends(ownerPage, { phone, to: ourNumber, text: "Perfect, see you then" });
  await expect(thread(page)).toHaveCount(3);
  await expect(thread(page).nth(2)).toContainText("Perfect, see you then");
  await tourScreenshot(page, "conversation");
  await ownerContext.close();
});
