// SPEC §13 as two colleagues use it: Ada assigns a case to Sam from her browser and Sam's bell
// counts it at once (no reload); Sam opens the panel, follows a notification to its case
// (which reads it), marks the rest read; Escape closes the panel; at phone width the header
// stays one row and the panel fits the screen; once allowed, a new one also shows as the
// browser's own notification.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { getDb, getSql } from "@/lib/db/client";
import { surveyAccess, users } from "@/lib/db/schema";
import { assignCase } from "@/lib/cases/assign";
import { addNote } from "@/lib/notes/add-note";
import { createLink, createSurvey } from "../support/seed";
import { tourScreenshot } from "./guide/steps";
import { createTestUser, inboundSmsBody, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const OURS = `4477444${stamp}`;
let n = 0;
const person = () => `4477555${stamp}${n++}`;
let surveyId: number;
let ada: Awaited<ReturnType<typeof createTestUser>>;
let sam: Awaited<ReturnType<typeof createTestUser>>;

async function newCase(request: APIRequestContext, text: string) {
  const from = person();
  const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: OURS, from, text }));
  expect(response.status()).toBe(200);
  const [row] = await getSql()`select id::int from cases where their_number = ${from}`;
  return { id: row!.id as number, from };
}

const bell = (page: Page) => page.getByTestId("notification-bell");
const count = (page: Page) => page.getByTestId("notification-count");
const panel = (page: Page) => page.getByRole("dialog", { name: /Notifications/ });

test.beforeAll(async () => {
  await useDatabase();
  surveyId = (await createSurvey({ name: `Notifications ${stamp}` })).id;
  await createLink({ ourNumber: OURS, surveyId });
  ada = await createTestUser("staff");
  // An admin: the header then holds the most (Console and Admin).
  sam = await createTestUser("admin");
  await getDb().update(users).set({ name: `Ada Lovelace` }).where(eq(users.id, ada.id));
  await getDb().update(users).set({ name: `Sam Okafor` }).where(eq(users.id, sam.id));
  await getDb().insert(surveyAccess).values([
    { userId: ada.id, surveyId },
    { userId: sam.id, surveyId },
  ]);
});

test("a case assigned from another browser counts on the bell at once; the panel opens it and marks all read", async ({ page, browser, request }) => {
  const boiler = await newCase(request, "My boiler stopped working this morning");
  const invoice = await newCase(request, "Question about my last invoice");

  await signIn(page, sam.email, sam.password);
  await expect(bell(page)).toHaveAccessibleName("Notifications");
  await expect(count(page)).toHaveCount(0);
  // The empty panel says what will appear here.
  await bell(page).click();
  await expect(panel(page).getByText("No notifications yet")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel(page)).toHaveCount(0);
  await expect(bell(page)).toBeFocused();

  // Ada, in a browser of her own, gives Sam the boiler case.
  const adaContext = await browser.newContext();
  const adaPage = await adaContext.newPage();
  try {
    await signIn(adaPage, ada.email, ada.password);
    await adaPage.goto(`/console/cases/${boiler.id}`);
    await adaPage.getByRole("combobox", { name: "Assignee" }).selectOption({ label: "Sam Okafor" });
    await expect(adaPage.getByTestId("history-event").filter({ hasText: "Sam Okafor" })).toBeVisible();
    // Her own action tells her nothing.
    await expect(count(adaPage)).toHaveCount(0);
  } finally {
    await adaContext.close();
  }
  // Sam's page was not reloaded: the live stream brought it.
  await expect(count(page)).toHaveText("1");
  await expect(bell(page)).toHaveAccessibleName("Notifications, 1 unread");

  // More for Sam: the other case, a mention, and a message in his case.
  await getSql()`update cases set assignee_id = ${sam.id} where id = ${invoice.id}`;
  await addNote({ id: ada.id, email: ada.email, name: "Ada Lovelace", role: "staff" }, { caseId: invoice.id, text: "@Sam Okafor they called again about this one" });
  await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: OURS, from: boiler.from, text: "Any news? It is cold here" }));
  await expect(count(page)).toHaveText("3");

  await bell(page).click();
  const list = panel(page);
  await expect(list).toBeVisible();
  await expect(list.getByRole("heading", { name: /Notifications/ })).toBeFocused();
  const rows = list.getByRole("listitem");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText(`New message in #${boiler.id}`);
  await expect(rows.nth(1)).toContainText(`Ada Lovelace mentioned you in #${invoice.id}`);
  await expect(rows.nth(2)).toContainText(`Ada Lovelace assigned #${boiler.id} to you`);
  await expect(rows.nth(2)).toContainText("My boiler stopped working");
  await tourScreenshot(page, "notifications");

  // Following one opens its case, which reads the case's notifications (two about the boiler).
  await rows.nth(2).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/console/cases/${boiler.id}$`));
  await expect(panel(page)).toHaveCount(0);
  await expect(count(page)).toHaveText("1");

  await bell(page).click();
  await expect(panel(page).getByRole("listitem").filter({ hasText: "(unread)" })).toHaveCount(1);
  await panel(page).getByRole("button", { name: "Mark all read" }).click();
  await expect(count(page)).toHaveCount(0);
  await expect(panel(page).getByRole("listitem").filter({ hasText: "(unread)" })).toHaveCount(0);
  await expect(panel(page).getByRole("button", { name: "Mark all read" })).toBeDisabled();
  const [{ unread }] = (await getSql()`select count(*)::int as unread from notifications where user_id = ${sam.id} and read_at is null`) as unknown as [{ unread: number }];
  expect(unread).toBe(0);
});

test("at phone width the header stays one row and the panel fits the screen", async ({ page, request }) => {
  const c = await newCase(request, "Can someone call me back today?");
  await getSql()`update cases set assignee_id = ${sam.id} where id = ${c.id}`;
  await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: OURS, from: c.from, text: "Please call after 5pm" }));

  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, sam.email, sam.password);
  await expect(count(page)).toHaveText("1");
  const logo = await page.getByRole("link", { name: "Caseline" }).boundingBox();
  const signOut = await page.getByRole("button", { name: "Sign out" }).boundingBox();
  const bellBox = await bell(page).boundingBox();
  const lastLink = await page.getByRole("navigation", { name: "Main" }).getByRole("link").last().boundingBox();
  // One row: everything in the header shares its vertical middle, and nothing overlaps.
  for (const box of [signOut, bellBox, lastLink]) expect(Math.abs(box!.y + box!.height / 2 - (logo!.y + logo!.height / 2))).toBeLessThan(8);
  expect(lastLink!.x + lastLink!.width).toBeLessThanOrEqual(bellBox!.x);
  expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(390);

  await bell(page).click();
  await expect(panel(page).getByRole("listitem").first()).toContainText(`New message in #${c.id}`);
  const box = await panel(page).boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await tourScreenshot(page, "notifications-phone");
  // Mark the one read from its own button.
  await panel(page).getByRole("button", { name: /^Mark read:/ }).click();
  await expect(count(page)).toHaveCount(0);
});

test("once allowed (from a click), a new notification also appears as the browser's own", async ({ page, request }) => {
  // The browser's Notification, recorded: headless Chromium shows none, and asking is a prompt.
  await page.addInitScript(() => {
    let permission: NotificationPermission = "default";
    const shown: Array<{ title: string; body?: string; tag?: string }> = [];
    class RecordedNotification {
      static get permission() {
        return permission;
      }
      static async requestPermission() {
        permission = "granted";
        return permission;
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions = {}) {
        shown.push({ title, body: options.body, tag: options.tag });
      }
      close() {}
    }
    Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
    // The user is in another window: the bell alone would go unseen.
    document.hasFocus = () => false;
  });
  const earlier = await newCase(request, "Noise in the pipes at night");
  await assignCase({ id: ada.id, email: ada.email, name: "Ada Lovelace", role: "staff" }, { caseId: earlier.id, assigneeId: sam.id });

  await signIn(page, sam.email, sam.password);
  await expect(count(page)).toHaveText("1");
  await bell(page).click();
  await panel(page).getByRole("button", { name: "Turn on browser notifications" }).click();
  await expect(panel(page).getByText("Browser notifications are on")).toBeVisible();
  await page.keyboard.press("Escape");

  const later = await newCase(request, "Water coming through the ceiling");
  await assignCase({ id: ada.id, email: ada.email, name: "Ada Lovelace", role: "staff" }, { caseId: later.id, assigneeId: sam.id });
  await expect(count(page)).toHaveText("2");
  // Only the new one: the one there when the page loaded is not announced again.
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications))
    .toEqual([{ title: `Ada Lovelace assigned #${later.id} to you`, body: `Water coming through the ceiling · +${later.from}`, tag: expect.stringMatching(/^caseline-notification-\d+$/) }]);
});
