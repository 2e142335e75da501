// Guide: "Moving a Message to Its Own Case" — open the case (viewing mode), click the
// message, add a comment, Confirm: the message leaves for a new case with the comment.
import { expect, test } from "@playwright/test";
import { openCase, ownerWithConversations, phoneSends, thread } from "./steps";

test("a message about another topic is moved to its own case, with a comment", async ({ page }) => {
  const { surveyName, ourNumber, phone } = await ownerWithConversations(page);
  await phoneSends(page, { phone, to: ourNumber, text: "I would like an appointment next week" });
  await phoneSends(page, { phone, to: ourNumber, text: "By the way, what are your opening hours?" });

  const original = await openCase(page, surveyName, "I would like an appointment next week");
  const dialog = page.getByRole("dialog", { name: "Move this message to its own case" });
  // "…or cancel if you change your mind": nothing moves.
  await thread(page).filter({ hasText: "what are your opening hours?" }).getByRole("button").click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(thread(page)).toHaveCount(2);

  await thread(page).filter({ hasText: "what are your opening hours?" }).getByRole("button").click();
  await dialog.getByLabel(/Comment/).fill("Separate question about opening hours");
  await dialog.getByRole("button", { name: "Confirm" }).click();

  const moved = page.getByRole("status").filter({ hasText: "The message was moved to a new case" });
  await expect(moved).toBeVisible();
  await expect(thread(page)).toHaveCount(1);
  await expect(thread(page).first()).toContainText("I would like an appointment next week");
  await expect(page.getByText(/moved a message to/)).toBeVisible();
  await moved.getByRole("link").click();
  await expect(page.getByTestId("case-reference")).not.toHaveText(original);
  await expect(thread(page)).toHaveCount(1);
  await expect(thread(page).first()).toContainText("what are your opening hours?");
  await expect(page.getByTestId("case-notes")).toHaveText("Separate question about opening hours");
});
