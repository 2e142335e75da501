// The console as staff use it, against cases created through signed webhooks.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { getDb } from "@/lib/db/client";
import { surveyAccess } from "@/lib/db/schema";
import { createLink, createSurvey } from "../support/seed";
import { createTestUser, inboundSmsBody, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const OURS = `4477444${stamp}`;
let n = 0;
const person = () => `4477555${stamp}${n++}`;

async function inbound(request: APIRequestContext, from: string, text: string) {
  const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: OURS, from, text }));
  expect(response.status()).toBe(200);
}

let staff: { email: string; password: string };

test.beforeAll(async () => {
  await useDatabase();
  const survey = await createSurvey({ name: `Help desk ${stamp}` });
  await createLink({ ourNumber: OURS, surveyId: survey.id });
  const user = await createTestUser("staff");
  await getDb().insert(surveyAccess).values({ userId: user.id, surveyId: survey.id });
  staff = user;
});

test("list, filters, search and reading a conversation @phone", async ({ page, request }, info) => {
  const alice = person();
  const bob = person();
  await inbound(request, alice, "Appointment request for Tuesday");
  await inbound(request, alice, "<script>alert('x')</script> is my note");
  await inbound(request, bob, "Question about opening hours");

  await signIn(page, staff.email, staff.password);
  const list = page.getByRole("list", { name: "Case list" });
  await expect(list.getByRole("link", { name: /Appointment request for Tuesday/ })).toBeVisible();
  await expect(list.getByRole("link", { name: /Question about opening hours/ })).toBeVisible();
  await expect(list.getByRole("link").first()).toContainText("Question about opening hours"); // newest activity first
  await expect(list.getByText("(unread)").first()).toBeAttached();
  await page.screenshot({ path: `tests/e2e/artifacts/case-list-${info.project.name}.png`, fullPage: true });

  await page.getByRole("button", { name: "Closed", exact: true }).click();
  await expect(page.getByText("No closed cases")).toBeVisible();
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search cases" }).fill(`+${bob}`);
  await expect(list.getByRole("link")).toHaveCount(1);
  await expect(list.getByRole("link")).toContainText("Question about opening hours");
  // SPEC §9: a word only a message body holds, its words marked in the list.
  await page.getByRole("searchbox", { name: "Search cases" }).fill("NOTE my");
  await expect(list.getByRole("link")).toHaveCount(1);
  await expect(list.getByTestId("search-snippet")).toContainText("is my note");
  await expect(list.locator("mark")).toHaveText(["my", "note"]);
  await page.screenshot({ path: `tests/e2e/artifacts/case-list-search-${info.project.name}.png`, fullPage: true });
  await page.getByRole("searchbox", { name: "Search cases" }).fill("appointment");
  await expect(list.getByRole("link")).toHaveCount(1);
  await list.getByRole("link", { name: /Appointment request/ }).click();

  await expect(page.getByRole("heading", { name: "Appointment request for Tuesday" })).toBeVisible();
  const conversation = page.getByRole("list", { name: "Conversation" });
  await expect(conversation.getByTestId("message")).toHaveCount(2);
  // Message text is shown as text, never run as HTML.
  await expect(conversation.getByText("<script>alert('x')</script> is my note")).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/case-view-${info.project.name}.png`, fullPage: true });
});

test("closing a case through Edit: the next message from that number starts a new case", async ({ page, request }) => {
  const carol = person();
  await inbound(request, carol, "My heating is broken");
  await signIn(page, staff.email, staff.password);
  await page.getByRole("link", { name: /My heating is broken/ }).click();
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { name: "Edit case" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send notification" })).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  await page.getByLabel("Notes").fill("Engineer fixed it");
  await page.screenshot({ path: "tests/e2e/artifacts/case-edit.png", fullPage: true });
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page.getByText("Closed", { exact: true })).toBeVisible();
  await expect(page.getByTestId("case-notes")).toHaveText("Engineer fixed it");
  await expect(page.getByText(/changed the status from New to Resolved/)).toBeVisible();
  const closedReference = await page.getByTestId("case-reference").textContent();

  await inbound(request, carol, "Now the boiler leaks");
  await page.goto("/console");
  const list = page.getByRole("list", { name: "Case list" });
  await expect(list.getByRole("link", { name: /Now the boiler leaks/ })).toBeVisible();
  await expect(list.getByRole("link", { name: /My heating is broken/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Closed", exact: true }).click();
  await expect(list.getByRole("link", { name: /My heating is broken/ })).toContainText(closedReference!);
});

test("an invalid edit shows its error next to the field and changes nothing", async ({ page, request }) => {
  const dave = person();
  await inbound(request, dave, "Keep my title");
  await signIn(page, staff.email, staff.password);
  await page.getByRole("link", { name: /Keep my title/ }).click();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Title").fill("   ");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Give the case a title.")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveValue("   "); // the form keeps what was typed
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Keep my title" })).toBeVisible();
});

test("moving a message to its own case with a comment", async ({ page, request }) => {
  const erin = person();
  await inbound(request, erin, "Booking a haircut");
  await inbound(request, erin, "Also: are you open on Sundays?");
  await signIn(page, staff.email, staff.password);
  await page.getByRole("link", { name: /Booking a haircut/ }).click();

  await page.getByRole("button", { name: "Also: are you open on Sundays?" }).click();
  const dialog = page.getByRole("dialog", { name: "Move this message to its own case" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("list", { name: "Conversation" }).getByTestId("message")).toHaveCount(2);

  await page.getByRole("button", { name: "Also: are you open on Sundays?" }).click();
  await dialog.getByLabel(/Comment/).fill("Separate question about hours");
  await page.screenshot({ path: "tests/e2e/artifacts/move-dialog.png" });
  await dialog.getByRole("button", { name: "Confirm" }).click();
  const banner = page.getByRole("status").filter({ hasText: "The message was moved to a new case" });
  await expect(banner).toBeVisible();
  await expect(page.getByRole("list", { name: "Conversation" }).getByTestId("message")).toHaveCount(1);
  await expect(page.getByText(/moved a message to #\d+/)).toBeVisible();

  await banner.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Also: are you open on Sundays?" })).toBeVisible();
  await expect(page.getByTestId("case-notes")).toHaveText("Separate question about hours");
  await expect(page.getByText(/Moved here from #\d+/)).toBeVisible();
});

test("the move dialog works from the keyboard", async ({ page, request }) => {
  const frank = person();
  await inbound(request, frank, "Keyboard user here");
  await signIn(page, staff.email, staff.password);
  await page.getByRole("link", { name: /Keyboard user here/ }).click();
  await page.getByRole("button", { name: "Keyboard user here" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Move this message to its own case" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel(/Comment/)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("a webhook posted while the case is open appears without reload", async ({ page, request }) => {
  const gina = person();
  await inbound(request, gina, "Are you there?");
  await signIn(page, staff.email, staff.password);
  await page.getByRole("link", { name: /Are you there\?/ }).click();
  await expect(page.getByRole("heading", { name: "Are you there?" })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await inbound(request, gina, "Hello? Anyone?");
  await expect(page.getByRole("list", { name: "Conversation" }).getByText("Hello? Anyone?")).toBeVisible({ timeout: 5000 });

  await page.goto("/console");
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  const newcomer = person();
  await inbound(request, newcomer, "Brand new conversation");
  await expect(page.getByRole("list", { name: "Case list" }).getByRole("link", { name: /Brand new conversation/ })).toBeVisible({
    timeout: 5000,
  });
});

test("a 250 KB unbroken word stays inside its bubble, and a right-to-left override cannot reverse what follows @phone", async ({ page, request }, info) => {
  const hana = person();
  await inbound(request, hana, "Invoice \u202Egnp.exe attached");
  await inbound(request, hana, "x".repeat(250_000));
  await signIn(page, staff.email, staff.password);
  await page.getByRole("link", { name: /Invoice/ }).click();
  const texts = page.getByTestId("message-text");
  await expect(texts).toHaveCount(2);

  // The override cannot disguise the file name: it is shown for what it is.
  await expect(texts.first()).toHaveText("Invoice [U+202E]gnp.exe attached");
  // The case's title (a heading of the workspace's case pane, beside the list).
  await expect(page.getByRole("heading", { name: /^Invoice/ })).toHaveText("Invoice [U+202E]gnp.exe attached");
  // Each message's direction is isolated: the override ends with its own message.
  for (const text of await texts.all()) {
    await expect(text).toHaveAttribute("dir", "auto");
    expect(await text.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe("isolate");
  }
  // The long word wraps: the bubble stays within the conversation, which stays beside
  // the details (desktop) or within the screen (phone).
  await page.screenshot({ path: `tests/e2e/artifacts/long-word-${info.project.name}.png` });
  const conversation = await page.getByRole("region", { name: "Messages" }).boundingBox();
  const long = await texts.nth(1).boundingBox();
  expect(long!.x + long!.width).toBeLessThanOrEqual(conversation!.x + conversation!.width + 1);
  expect(conversation!.x + conversation!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
  if (info.project.name === "desktop") {
    const details = await page.getByRole("complementary", { name: "Case details" }).boundingBox();
    expect(conversation!.x + conversation!.width).toBeLessThanOrEqual(details!.x);
  }
});

test("search looks in every survey the user may see, and names the other survey on its hits", async ({ page, request }, info) => {
  const mark = `${info.project.name}${stamp}`;
  const first = await createSurvey({ name: `Alpha ${mark}` });
  const second = await createSurvey({ name: `Beta ${mark}` });
  const hidden = await createSurvey({ name: `Hidden ${mark}` });
  const numbers = [`4477111${stamp}1`, `4477111${stamp}2`, `4477111${stamp}3`].map((n) => n.slice(0, 15));
  for (const [i, s] of [first, second, hidden].entries()) await createLink({ ourNumber: numbers[i]!, surveyId: s.id });
  const user = await createTestUser("staff");
  await getDb().insert(surveyAccess).values([
    { userId: user.id, surveyId: first.id },
    { userId: user.id, surveyId: second.id },
  ]);
  const word = `quokka${mark}`;
  for (const [i, text] of [`Nothing special here`, `A ${word} is at the door`, `Secret ${word} too`].entries()) {
    const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: numbers[i]!, from: `4477222${stamp}${i}`, text }));
    expect(response.status()).toBe(200);
  }

  await signIn(page, user.email, user.password);
  await page.goto(`/console?survey=${first.id}&state=all`);
  await page.getByRole("searchbox", { name: "Search cases" }).fill(word);
  const rows = page.getByRole("list", { name: "Case list" }).getByRole("link");
  // Found in Beta while Alpha is chosen; never the survey the user may not see.
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`in Beta ${mark}`);
  await expect(rows.first()).not.toContainText("Secret");
});
