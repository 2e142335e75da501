// Guide: "Receiving Incoming Messages" — the first message from a number creates a case,
// later ones join it, and another number gets its own case.
import { expect, test } from "@playwright/test";
import { openCase, ownerWithConversations, phoneSends, setUpConversations, showCases, signInAsOwner, thread, tourScreenshot, uniqueStamp } from "./steps";

test("first and later messages from a number share a case; another number gets its own", async ({ page }) => {
  const stamp = uniqueStamp();
  await signInAsOwner(page);
  const { surveyName, ourNumber } = await setUpConversations(page, { stamp });
  const anna = `4479${stamp}1`;
  const ben = `4479${stamp}2`;

  await phoneSends(page, { phone: anna, to: ourNumber, text: "My boiler is broken" });
  await phoneSends(page, { phone: anna, to: ourNumber, text: "It makes a loud noise too" });
  await phoneSends(page, { phone: ben, to: ourNumber, text: "When are you open on Saturday?" });

  const cases = await showCases(page, surveyName);
  await expect(cases).toHaveCount(2);
  await expect(cases.filter({ hasText: "My boiler is broken" })).toContainText("+" + anna);
  await expect(cases.filter({ hasText: "When are you open on Saturday?" })).toContainText("+" + ben);
  await tourScreenshot(page, "case-list");

  await openCase(page, surveyName, "My boiler is broken");
  await expect(thread(page)).toHaveCount(2);
  await expect(thread(page).nth(0)).toContainText("My boiler is broken");
  await expect(thread(page).nth(1)).toContainText("It makes a loud noise too");
});

test("without cases (no status question), each message is a record of its own", async ({ page }) => {
  const { surveyName, ourNumber, phone } = await ownerWithConversations(page, { cases: false });
  await phoneSends(page, { phone, to: ourNumber, text: "First message" });
  await phoneSends(page, { phone, to: ourNumber, text: "Second message" });
  const records = await showCases(page, surveyName, "All");
  await expect(records).toHaveCount(2);
  await expect(records.filter({ hasText: "First message" })).toHaveCount(1);
  await expect(records.filter({ hasText: "Second message" })).toHaveCount(1);
});
