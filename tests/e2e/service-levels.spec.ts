// SPEC §13 service levels as an admin and a team use them: set them in the survey editor (a
// bad value refused beside its field), then a case past its due time is Overdue in the list —
// a badge, and the Overdue filter shows only such cases — and its view says by how much.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { getSql } from "@/lib/db/client";
import { createLink, createSurvey } from "../support/seed";
import { tourScreenshot } from "./guide/steps";
import { inboundSmsBody, owner, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
let n = 0;

async function inbound(request: APIRequestContext, to: string, text: string) {
  const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to, from: `4477555${stamp}${n++}`, text }));
  expect(response.status()).toBe(200);
}

test("an admin sets service levels; a case past its reply time is Overdue, with its badge and filter @phone", async ({ page, request }, info) => {
  await useDatabase();
  const ours = `4477444${stamp}${info.project.name === "phone" ? 1 : 0}`;
  const survey = await createSurvey({ name: `Service levels ${stamp} ${info.project.name}` });
  await createLink({ ourNumber: ours, surveyId: survey.id });
  await signIn(page, owner.email, owner.password);

  await page.goto(`/admin/surveys/${survey.id}`);
  const section = page.getByRole("region", { name: "Service levels" });
  await section.scrollIntoViewIfNeeded();
  await section.getByLabel("First response within").fill("half an hour");
  await section.getByRole("button", { name: "Save service levels" }).click();
  await expect(section.getByText("Write a whole number (digits only), or leave it empty for none.")).toBeVisible();
  const saved = async () =>
    (await getSql()`select first_response_minutes as f, next_response_minutes as n, auto_close_days as d from surveys where id = ${survey.id}`)[0];
  expect(await saved()).toEqual({ f: null, n: null, d: null });

  await section.getByLabel("First response within").fill("30");
  await section.getByLabel("Next response within").fill("120");
  await section.getByLabel("Close a case after").fill("14");
  await section.getByRole("button", { name: "Save service levels" }).click();
  await expect(section.getByRole("status").filter({ hasText: "Service levels saved." })).toBeVisible();
  expect(await saved()).toEqual({ f: 30, n: 120, d: 14 });

  // Two new cases, each due in 30 minutes; one is made late, as time passing would.
  const late = `Boiler leaking ${stamp}`;
  const onTime = `Question about invoice ${stamp}`;
  await inbound(request, ours, late);
  await inbound(request, ours, onTime);
  await getSql()`update cases set response_due_at = now() - interval '10 minutes' where survey_id = ${survey.id} and title = ${late}`;

  await page.goto(`/console?survey=${survey.id}&state=open`);
  const list = page.getByRole("list", { name: "Case list" });
  await expect(list.getByRole("link").filter({ hasText: late })).toContainText("Overdue");
  await expect(list.getByRole("link").filter({ hasText: onTime })).toBeVisible();
  await expect(list.getByRole("link").filter({ hasText: onTime })).not.toContainText("Overdue");

  const filter = page.getByRole("button", { name: "Overdue", exact: true });
  await filter.click();
  await expect(filter).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveURL(/overdue=1/);
  await expect(list.getByRole("link").filter({ hasText: onTime })).toHaveCount(0);
  await expect(list.getByRole("link")).toHaveCount(1);

  await list.getByRole("link").filter({ hasText: late }).click();
  await expect(page.getByTestId("response-due")).toContainText(/Overdue by 1[01] min/);
  await tourScreenshot(page, "overdue");

  // The on-time case says how long is left.
  await page.goto(`/console?survey=${survey.id}&state=open`);
  await list.getByRole("link").filter({ hasText: onTime }).click();
  await expect(page.getByTestId("response-due")).toContainText(/Reply due in (29|30) min/);

  // The filter off again shows both.
  await page.goto(`/console?survey=${survey.id}&state=open&overdue=1`);
  await page.getByRole("button", { name: "Overdue", exact: true }).click();
  await expect(page).not.toHaveURL(/overdue=1/);
  await expect(list.getByRole("link")).toHaveCount(2);
});
