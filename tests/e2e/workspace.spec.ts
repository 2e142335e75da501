// SPEC §9: the console as one workspace — the list and the open case side by side on wide
// screens, list then case on a phone; the composer; the keyboard; the person's other cases.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { cannedReplies, surveyAccess, users } from "@/lib/db/schema";
import { createLink, createSurvey } from "../support/seed";
import { openPhone, tourScreenshot } from "./guide/steps";
import { createTestUser, inboundSmsBody, owner, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const OURS = `4477333${stamp}`;
const OTHER_SURVEY_NUMBER = `4477334${stamp}`;
let n = 0;
const person = () => `4477666${stamp}${String(n++).padStart(2, "0")}`;
let surveyId: number;
let staff: { email: string; password: string; name: string };
const CANNED = "We are open 9 to 5, Monday to Friday.";

async function inbound(request: APIRequestContext, from: string, text: string, to = OURS) {
  const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to, from, text }));
  expect(response.status()).toBe(200);
}

const list = (page: Page) => page.getByRole("list", { name: "Case list" });
const caseTitle = (page: Page) => page.locator("[data-case-title]");
const caseIdInAddress = (page: Page) => new URL(page.url()).searchParams.get("case");

test.beforeAll(async ({ request }) => {
  await useDatabase();
  const survey = await createSurvey({ name: `Workspace ${stamp}` });
  surveyId = survey.id;
  await createLink({ ourNumber: OURS, surveyId });
  const other = await createSurvey({ name: `Elsewhere ${stamp}` });
  await createLink({ ourNumber: OTHER_SURVEY_NUMBER, surveyId: other.id });
  const user = await createTestUser("staff");
  // A name of its own, to mention (createTestUser names every user "Test staff").
  user.name = `Wendy ${stamp}`;
  await getDb().update(users).set({ name: user.name }).where(eq(users.id, user.id));
  await getDb().insert(surveyAccess).values({ userId: user.id, surveyId });
  staff = user;
  await getDb().insert(cannedReplies).values([
    { surveyId, name: "Opening hours", text: CANNED },
    { surveyId, name: "Thanks", text: "Thank you for your message, we will get back to you today." },
  ]);
  // Enough cases for the list to scroll.
  for (let i = 0; i < 24; i++) await inbound(request, person(), `Question number ${String(i).padStart(2, "0")}`);
});

test("choosing cases keeps the list's scroll and filters, names the case in the address, and a reload opens it", async ({ page }, info) => {
  await signIn(page, staff.email, staff.password);
  await page.goto(`/console?survey=${surveyId}&state=open&q=Question+number`);
  await expect(list(page).getByRole("link")).toHaveCount(24);
  await expect(page.getByText("Choose a case")).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-empty-${info.project.name}.png` });

  // No page load from here on: a marker on window survives only within one page.
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  const scroller = page.locator("[data-case-list-scroller]");
  const row = list(page).getByRole("link", { name: /Question number 10/ });
  await row.scrollIntoViewIfNeeded();
  const scrolled = await scroller.evaluate((el) => el.scrollTop);
  expect(scrolled).toBeGreaterThan(0);
  await row.click();
  await expect(caseTitle(page)).toHaveText("Question number 10");
  await expect(page).toHaveURL(new RegExp(`[?&]case=\\d+`));
  expect(new URL(page.url()).searchParams.get("state")).toBe("open");
  expect(new URL(page.url()).searchParams.get("survey")).toBe(String(surveyId));
  await expect(row).toHaveAttribute("aria-current", "true");
  expect(await scroller.evaluate((el) => el.scrollTop)).toBe(scrolled);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  const opened = caseIdInAddress(page);

  // Another case: the same list, the same scroll.
  await list(page).getByRole("link", { name: /Question number 09/ }).click();
  await expect(caseTitle(page)).toHaveText("Question number 09");
  expect(caseIdInAddress(page)).not.toBe(opened);
  expect(await scroller.evaluate((el) => el.scrollTop)).toBe(scrolled);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-${info.project.name}.png` });
  await tourScreenshot(page, "workspace");

  // The address is the case: reloaded (or shared), it opens the same case beside the list.
  const address = page.url();
  await page.reload();
  await expect(caseTitle(page)).toHaveText("Question number 09");
  await expect(list(page).getByRole("link", { name: /Question number 09/ })).toHaveAttribute("aria-current", "true");
  expect(page.url()).toBe(address);

  // Back goes to the case before.
  await page.goBack();
  await expect(caseTitle(page)).toHaveText("Question number 10");
});

test("j and k go through the list, / searches, ? lists the shortcuts; none of them while typing", async ({ page }, info) => {
  await signIn(page, staff.email, staff.password);
  await page.goto(`/console?survey=${surveyId}&state=open&q=Question+number`);
  const links = list(page).getByRole("link");
  await expect(links).toHaveCount(24);
  const titles = (await links.allInnerTexts()).map((t) => /Question number \d\d/.exec(t)![0]);

  await page.keyboard.press("j");
  await expect(caseTitle(page)).toHaveText(titles[0]!);
  await page.keyboard.press("j");
  await expect(caseTitle(page)).toHaveText(titles[1]!);
  await page.keyboard.press("j");
  await expect(caseTitle(page)).toHaveText(titles[2]!);
  await page.keyboard.press("k");
  await expect(caseTitle(page)).toHaveText(titles[1]!);
  await expect(links.nth(1)).toHaveAttribute("aria-current", "true");

  // r: the composer, in Reply mode; typing j there is text, not "next case".
  await page.keyboard.press("r");
  const reply = page.getByRole("textbox", { name: "Reply" });
  await expect(reply).toBeFocused();
  await page.keyboard.type("j k a n ? /");
  await expect(reply).toHaveValue("j k a n ? /");
  await expect(caseTitle(page)).toHaveText(titles[1]!);
  const assignee = page.getByRole("combobox", { name: "Assignee" });
  await expect(assignee.locator("option:checked")).toHaveText("Unassigned");
  // Escape leaves the field; the keys work again.
  await page.keyboard.press("Escape");
  await expect(reply).not.toBeFocused();

  // n: the composer in Note mode.
  await page.keyboard.press("n");
  await expect(page.getByRole("button", { name: "Note", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("textbox", { name: "Note" })).toBeFocused();
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-note-mode-${info.project.name}.png` });
  await page.keyboard.press("Escape");

  // a: Assign to me.
  await page.keyboard.press("a");
  await expect(assignee.locator("option:checked")).toHaveText(`${staff.name} (me)`);

  // Modifiers are the browser's: Ctrl+J, Alt+J change nothing here.
  await page.keyboard.press("Alt+j");
  await expect(caseTitle(page)).toHaveText(titles[1]!);

  // /: the search box, with nothing typed into it.
  await page.keyboard.press("/");
  const search = page.getByRole("searchbox", { name: "Search cases" });
  await expect(search).toBeFocused();
  await expect(search).toHaveValue("Question number");
  // The last search is selected: typing replaces it.
  await page.keyboard.type("jk?");
  await expect(search).toHaveValue("jk?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeHidden();
  await expect(caseTitle(page)).toHaveText(titles[1]!);
  // Escape empties the box, then leaves it.
  await search.press("Escape");
  await expect(search).toHaveValue("");
  await search.press("Escape");
  await expect(search).not.toBeFocused();
  await expect(page).not.toHaveURL(/[?&]q=/);
  await expect(page.getByRole("list", { name: "Loading cases" })).toHaveCount(0);

  // ?: the shortcuts; Escape closes them and focus goes back where it was.
  const row = links.nth(1);
  await row.focus();
  await page.keyboard.press("?");
  const overlay = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(overlay).toBeVisible();
  await expect(overlay.getByTestId("shortcut-list")).toContainText("Next case");
  await expect(overlay.getByTestId("shortcut-list")).toContainText("Assign the case to me");
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-shortcuts-${info.project.name}.png` });
  await tourScreenshot(page, "shortcuts");
  // Keys pressed inside the overlay do not move the list behind it.
  await page.keyboard.press("j");
  await expect(caseTitle(page)).toHaveText(titles[1]!);
  await page.keyboard.press("Escape");
  await expect(overlay).toBeHidden();
  await expect(row).toBeFocused();
});

/** The console's server actions are POSTs to the page with a Next-Action header. */
function isServerAction(url: URL, method: string, headers: Record<string, string>) {
  return url.pathname.startsWith("/console") && method === "POST" && Boolean(headers["next-action"]);
}

test("a reply from the composer: queued at once, sent with the reference, on the virtual phone; Ctrl+Enter sends @phone", async ({ page, request }, info) => {
  const phone = person();
  await inbound(request, phone, "Can someone call me back?");
  await signIn(page, owner.email, owner.password);
  await page.goto(`/console?survey=${surveyId}&q=${phone}`);
  await list(page).getByRole("link", { name: /Can someone call me back/ }).click();
  const reference = (await page.getByTestId("case-reference").textContent())!.trim();

  // The server's answer is held back a moment: the reply shows as queued meanwhile.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname.startsWith("/console"),
    async (route) => {
      const r = route.request();
      if (!isServerAction(new URL(r.url()), r.method(), r.headers())) return route.continue();
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
    },
  );

  const reply = page.getByRole("textbox", { name: "Reply" });
  await reply.fill("We will call you at 3pm");
  await expect(page.getByTestId("composer-counter")).toContainText("1 SMS part · GSM-7");
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-composer-reply-${info.project.name}.png` });
  await reply.press("Control+Enter");
  const queued = page.getByTestId("pending-message");
  await expect(queued).toContainText(`We will call you at 3pm ${reference}`);
  await expect(queued).toContainText("Queued");
  await expect(reply).toHaveValue("");
  release();
  await page.unroute((url) => url.pathname.startsWith("/console"));

  // It becomes the real message, then is delivered.
  const sent = page.getByTestId("message").filter({ hasText: `We will call you at 3pm ${reference}` });
  await expect(sent).toHaveCount(1);
  await expect(queued).toHaveCount(0);
  await expect(sent.getByTestId("delivery-status")).toHaveText(/Delivered/, { timeout: 20_000 });

  const received = await openPhone(page, phone);
  await expect(received.filter({ hasText: `We will call you at 3pm ${reference}` })).toHaveCount(1);
});

test("a send whose answer was lost, sent again, is one reply (the draft keeps its idempotency key)", async ({ page, request }) => {
  const phone = person();
  await inbound(request, phone, "Is my repair done?");
  await signIn(page, owner.email, owner.password);
  await page.goto(`/console?survey=${surveyId}&q=${phone}`);
  await list(page).getByRole("link", { name: /Is my repair done/ }).click();
  const reference = (await page.getByTestId("case-reference").textContent())!.trim();

  // The first send reaches the server, which stores it; its answer never comes back.
  let lost = false;
  await page.route(
    (url) => url.pathname.startsWith("/console"),
    async (route) => {
      const r = route.request();
      if (lost || !isServerAction(new URL(r.url()), r.method(), r.headers())) return route.continue();
      lost = true;
      await route.fetch();
      await route.abort("connectionreset");
    },
  );
  const reply = page.getByRole("textbox", { name: "Reply" });
  await reply.fill("Yes, you can pick it up today");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "could not be reached" })).toBeVisible();
  await expect(reply).toHaveValue("Yes, you can pick it up today");

  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(reply).toHaveValue("");
  const text = `Yes, you can pick it up today ${reference}`;
  await expect(page.getByTestId("message").filter({ hasText: text })).toHaveCount(1);
  await expect(page.getByTestId("message").filter({ hasText: text }).getByTestId("delivery-status")).toHaveText(/Delivered/, { timeout: 20_000 });
  await page.reload();
  await expect(page.getByTestId("message").filter({ hasText: text })).toHaveCount(1);
  const received = await openPhone(page, phone);
  await expect(received.filter({ hasText: text })).toHaveCount(1);
});

test("the person: their other cases in the surveys I may see, opened beside the list", async ({ page, request }) => {
  const phone = person();
  await inbound(request, phone, "First topic from this person");
  await inbound(request, phone, "#0 Second topic from this person");
  await inbound(request, phone, "Their case in another survey", OTHER_SURVEY_NUMBER);
  await signIn(page, staff.email, staff.password);
  await page.goto(`/console?survey=${surveyId}&q=${phone}`);
  await list(page).getByRole("link", { name: /First topic/ }).click();
  const others = page.getByRole("list", { name: "Other cases of this person" });
  await expect(others.getByRole("link")).toHaveCount(1);
  await expect(others).toContainText("Second topic from this person");
  await expect(page.getByText("Their case in another survey")).toHaveCount(0);

  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
  await others.getByRole("link", { name: /Second topic/ }).click();
  await expect(caseTitle(page)).toHaveText("#0 Second topic from this person".replace("#0 ", ""));
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  await expect(page.getByRole("list", { name: "Other cases of this person" })).toContainText("First topic from this person");
});

test("phone width: the list, then the case, and back to the list where it was @phone-only", async ({ page }, info) => {
  await signIn(page, staff.email, staff.password);
  await page.goto(`/console?survey=${surveyId}&state=open&q=Question+number`);
  await expect(list(page).getByRole("link")).toHaveCount(24);
  await expect(page.getByText("Choose a case")).toBeHidden();

  // j and k move the selection in the list; Enter opens it.
  await page.keyboard.press("j");
  await expect(list(page).getByRole("link").first()).toBeFocused();
  await page.keyboard.press("j");
  await expect(list(page).getByRole("link").nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(list(page).getByRole("link").first()).toBeFocused();

  const row = list(page).getByRole("link", { name: /Question number 05/ });
  await row.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(0);
  await row.click();
  await expect(caseTitle(page)).toHaveText("Question number 05");
  await expect(list(page)).toBeHidden();
  await expect(page.getByRole("textbox", { name: "Reply" })).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-case-${info.project.name}.png`, fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.screen.width);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.getByRole("link", { name: "All cases" }).click();
  await expect(list(page)).toBeVisible();
  await expect(caseTitle(page)).toHaveCount(0);
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-list-${info.project.name}.png` });
});

test("a note with an @mention stays in Caseline; / inserts a canned reply, which is sent @phone", async ({ page, request }, info) => {
  const phone = person();
  await inbound(request, phone, "My parcel never came");
  await signIn(page, owner.email, owner.password);
  await page.goto(`/console?survey=${surveyId}&q=${phone}`);
  await list(page).getByRole("link", { name: /My parcel never came/ }).click();
  const reference = (await page.getByTestId("case-reference").textContent())!.trim();

  // Note: n, then @ lists who may see the case; choosing inserts the name.
  await page.locator("body").press("n");
  const note = page.getByRole("textbox", { name: "Note" });
  await expect(note).toBeFocused();
  await note.pressSequentially("Checked with the depot, @Wen");
  const people = page.getByRole("listbox", { name: "People who may see this case" });
  await expect(people.getByRole("option", { name: staff.name })).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-composer-mention-${info.project.name}.png` });
  await tourScreenshot(page, "composer-mention");
  await note.press("Enter");
  await expect(note).toHaveValue(`Checked with the depot, @${staff.name} `);
  await expect(people).toBeHidden();
  await note.pressSequentially("please call them");
  await note.press("Control+Enter");
  const added = page.getByTestId("note").filter({ hasText: "Checked with the depot" });
  await expect(added).toBeVisible();
  await expect(added.getByTestId("mention")).toHaveText(`@${staff.name}`);
  await expect(note).toHaveValue("");
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-composer-note-${info.project.name}.png` });

  // Reply: / at the start lists the survey's canned replies by name.
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  const reply = page.getByRole("textbox", { name: "Reply" });
  await reply.pressSequentially("/open");
  const canned = page.getByRole("listbox", { name: "Canned replies" });
  await expect(canned.getByRole("option")).toHaveCount(1);
  await expect(canned.getByRole("option", { name: /Opening hours/ })).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-composer-canned-${info.project.name}.png` });
  await tourScreenshot(page, "composer-canned");
  await canned.getByRole("option", { name: /Opening hours/ }).click();
  await expect(reply).toHaveValue(CANNED);
  await reply.press("Control+Enter");
  const sent = page.getByTestId("message").filter({ hasText: `${CANNED} ${reference}` });
  await expect(sent.getByTestId("delivery-status")).toHaveText(/Delivered/, { timeout: 20_000 });

  // The phone got the reply, never the note.
  const received = await openPhone(page, phone);
  await expect(received.filter({ hasText: CANNED })).toHaveCount(1);
  await expect(received.filter({ hasText: "Checked with the depot" })).toHaveCount(0);
});

test("screenshots of the workspace at 1440 px and 390 px @phone", async ({ page, request }, info) => {
  const phoneWidth = info.project.name === "phone";
  await page.setViewportSize(phoneWidth ? { width: 390, height: 844 } : { width: 1440, height: 900 });
  const who = person();
  await inbound(request, who, "Hello, my boiler is making a loud noise");
  await inbound(request, who, "It started this morning, and the heating is off now");
  await inbound(request, who, "#0 Also: can I change my appointment?");
  await signIn(page, staff.email, staff.password);
  await page.goto(`/console?survey=${surveyId}&state=open`);
  const name = phoneWidth ? "390" : "1440";
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-list-${name}.png` });
  await list(page).getByRole("link", { name: /boiler is making a loud noise/ }).click();
  await expect(page.getByRole("list", { name: "Other cases of this person" })).toContainText("change my appointment");
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-case-${name}.png`, fullPage: phoneWidth });
  await page.keyboard.press("r");
  await page.keyboard.type("Thanks, an engineer is on the way.");
  await page.getByRole("region", { name: "Composer" }).screenshot({ path: `tests/e2e/artifacts/workspace-reply-${name}.png` });
  await page.keyboard.press("Escape");
  await page.keyboard.press("n");
  await page.keyboard.type("Customer sounds worried, @");
  await page.getByRole("region", { name: "Composer" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-note-${name}.png` });
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/workspace-shortcuts-${name}.png` });
});
