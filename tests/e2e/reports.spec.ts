// Reports in the UI (SPEC §14): a team lead opens Reports, picks a survey and days, and sees
// the figures, the chart of opened/closed per day (with its table) and the per-assignee table;
// a staff user's picker holds only their own surveys. At desktop and phone width.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createUser } from "@/lib/auth/users";
import { getSql } from "@/lib/db/client";
import { createSurvey } from "../support/seed";
import { owner, signIn, useDatabase } from "./support";
import { tourScreenshot } from "./guide/steps";

const stamp = Date.now().toString().slice(-6);

/** A month of a small team's cases and messages: busier on weekdays, answered in minutes to hours. */
async function seedMonth(surveyId: number, team: number[]) {
  const sql = getSql();
  await sql`
    with made as (
      insert into cases (survey_id, their_number, our_number, channel, title, status, answers, open, assignee_id,
                         created_at, first_response_at, closed_at, last_activity_at)
      select ${surveyId}, '4479' || lpad(g::text, 8, '0'), '447700900555', 'sms', 'Case ' || g, st.status,
             jsonb_build_object('status', st.status), st.status <> 'resolved',
             case when g % 9 = 0 then null else (${team}::int[])[1 + g % ${team.length}] end,
             t.created, t.created + t.answer, case when st.status = 'resolved' then t.created + t.answer + t.resolve end,
             t.created + t.answer
      from generate_series(1, 420) g
      cross join lateral (select abs(hashint8(g)) as h) r
      cross join lateral (
        select least(now() - interval '5 minutes',
                     date_trunc('day', now()) - ((r.h % 30) * interval '1 day')
                       + (8 * 3600 + r.h % 36000) * interval '1 second') as created,
               (60 + abs(hashint8(g + 100000)) % (case when g % 5 = 0 then 14400 else 2400 end)) * interval '1 second' as answer,
               (1800 + abs(hashint8(g + 200000)) % 172800) * interval '1 second' as resolve
      ) t
      cross join lateral (select case when abs(hashint8(g + 300000)) % 10 < 7 then 'resolved' else 'in_progress' end as status) st
      -- Weekends are quieter: most weekend cases are not there at all.
      where extract(isodow from t.created) < 6 or g % 3 = 0
      returning id, created_at, first_response_at
    ), inbound as (
      insert into messages (direction, channel, our_number, their_number, text, status, at)
      select 'inbound', 'sms', '447700900555', '447911000001', 'Hello', 'received', created_at from made
      returning id, at
    ), outbound as (
      insert into messages (direction, channel, our_number, their_number, text, status, at)
      select 'outbound', 'sms', '447700900555', '447911000001', 'Thanks, we are on it', 'delivered', first_response_at from made
      returning id, at
    )
    insert into case_messages (case_id, message_id)
    select made.id, inbound.id from made join inbound on inbound.at = made.created_at
    union
    select made.id, outbound.id from made join outbound on outbound.at = made.first_response_at`;
}

async function pickReport(page: Page, surveyName: string) {
  const filters = page.getByRole("form", { name: "Report filters" });
  await filters.getByLabel("Survey").selectOption({ label: surveyName });
  await filters.getByRole("button", { name: "Show report" }).click();
  await expect(page).toHaveURL(/surveyId=\d+/);
}

test("Reports: a survey's month in figures, a chart, its table and the team @phone", async ({ page }, testInfo) => {
  await useDatabase();
  const phone = testInfo.project.name === "phone";
  const name = `Support ${stamp}${phone ? " (phone)" : ""}`;
  const survey = await createSurvey({ name });
  const otherName = `Billing ${stamp}${phone ? " (phone)" : ""}`;
  await createSurvey({ name: otherName });
  const team = [];
  for (const agent of ["Alice Martin", "Ben Okafor", "Chloé Dubois"]) {
    const email = `${agent.split(" ")[0]!.toLowerCase()}-${stamp}-${testInfo.project.name}@e2e.test`;
    team.push(await createUser({ email, name: agent, role: "staff", password: "staff-password-1" }));
  }
  for (const user of team) await getSql()`insert into survey_access (user_id, survey_id) values (${user.id}, ${survey.id})`;
  await seedMonth(survey.id, team.map((u) => u.id));

  if (phone) await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, owner.email, owner.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
  await pickReport(page, name);

  // The last 30 days in the browser's zone, filled in by the page.
  const filters = page.getByRole("form", { name: "Report filters" });
  await expect(filters.getByLabel("Time zone")).not.toHaveValue("");
  await expect(page.getByTestId("report")).toBeVisible();
  const opened = Number((await page.getByTestId("figure-opened").locator("dd").first().innerText()).replace(/,/g, ""));
  expect(opened).toBeGreaterThan(200);
  await expect(page.getByTestId("figure-first-response")).toContainText(/median; 90 % within/);
  await expect(page.getByTestId("figure-inbound")).toContainText(String(opened));
  await expect(page.getByTestId("daily-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("figure", { name: "Opened and closed per day" })).toBeVisible();
  const assignees = page.getByTestId("assignee-table");
  for (const agent of ["Alice Martin", "Ben Okafor", "Chloé Dubois", "Unassigned"]) await expect(assignees.getByRole("rowheader", { name: agent })).toBeVisible();
  if (phone) {
    // Nothing is wider than the phone, the per-assignee table included (no sideways scroll).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const table = page.getByTestId("assignee-scroll");
    expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `tests/e2e/artifacts/guide-reports-phone.png`, fullPage: true });
    if (process.env.TOUR === "1") {
      fs.mkdirSync(path.join("public", "tour"), { recursive: true });
      await page.screenshot({ path: path.join("public", "tour", "reports-phone.png"), fullPage: true });
    }
  } else {
    await tourScreenshot(page, "reports", { fullPage: true });
  }

  // The same numbers as a table, one row a day.
  await page.getByText("Show as a table").click();
  await expect(page.getByTestId("daily-table").locator("tbody tr")).toHaveCount(30);

  // One day, chosen by hand: the days of the range and nothing else.
  const today = await page.getByTestId("daily-table").locator("tbody tr th").last().innerText();
  await filters.getByLabel("From").fill(today);
  await filters.getByRole("button", { name: "Show report" }).click();
  await expect(page).toHaveURL(new RegExp(`from=${today}`));
  await page.getByText("Show as a table").click();
  await expect(page.getByTestId("daily-table").locator("tbody tr")).toHaveCount(1);

  // A last day before the first is refused beside its field, before asking the server.
  await page.getByRole("form", { name: "Report filters" }).getByLabel("From").fill("2026-12-31");
  await page.getByRole("form", { name: "Report filters" }).getByLabel("To").fill("2026-01-01");
  await page.getByRole("form", { name: "Report filters" }).getByRole("button", { name: "Show report" }).click();
  await expect(page.getByText("The last day cannot be before the first.")).toBeVisible();

  // A survey with nothing in it says so.
  await page.goto("/reports");
  await pickReport(page, otherName);
  await expect(page.getByText("Nothing happened in these days")).toBeVisible();
});

test("Reports: staff pick only among their own surveys", async ({ page }) => {
  await useDatabase();
  const mine = await createSurvey({ name: `Mine ${stamp}` });
  await createSurvey({ name: `Not mine ${stamp}` });
  const staff = await createUser({ email: `reports-staff-${stamp}@e2e.test`, name: "Sam Staff", role: "staff", password: "staff-password-1" });
  await getSql()`insert into survey_access (user_id, survey_id) values (${staff.id}, ${mine.id})`;

  await signIn(page, staff.email, "staff-password-1");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
  const survey = page.getByRole("form", { name: "Report filters" }).getByLabel("Survey");
  await expect(survey.locator("option")).toHaveText([`Mine ${stamp}`]);
  await expect(page.getByText("Nothing happened in these days")).toBeVisible();

  // Asking for another survey by its link gives an error, and no numbers.
  const [notMine] = await getSql()<Array<{ id: number }>>`select id from surveys where name = ${`Not mine ${stamp}`}`;
  await page.goto(`/reports?surveyId=${notMine!.id}`);
  await expect(page.getByText("The report could not be loaded: Survey not found.")).toBeVisible();
  await expect(page.getByTestId("report")).toHaveCount(0);
});
