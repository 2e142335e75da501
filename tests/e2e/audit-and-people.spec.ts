// Admin > Audit and Admin > People in the UI (SPEC §16): an edit shows up in the log with its
// before → after, the filters and the CSV export follow it; a person's data is counted,
// exported as JSON and erased after typing the number, and the log keeps only counts.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { updateCase } from "@/lib/cases/update-case";
import { getSql } from "@/lib/db/client";
import { createLink, createSurvey } from "../support/seed";
import { createTestUser, inboundSmsBody, owner, postSignedWebhook, signIn, useDatabase } from "./support";
import { tourScreenshot } from "./guide/steps";

const stamp = Date.now().toString().slice(-6);

async function personWithCase(request: Parameters<typeof postSignedWebhook>[0], ourNumber: string, person: string, texts: string[]) {
  for (const text of texts) {
    const response = await postSignedWebhook(request, "/api/vonage/inbound", inboundSmsBody({ to: ourNumber, from: person, text }));
    expect(response.status()).toBe(200);
  }
  const [row] = await getSql()<Array<{ id: number }>>`select id::int from cases where their_number = ${person} order by id desc limit 1`;
  return row!.id;
}

test("Admin > Audit: an edit with its before → after, filters, Load more and the CSV export @phone", async ({ page, request }, testInfo) => {
  await useDatabase();
  const ours = `44770${stamp}${testInfo.project.name === "phone" ? 1 : 2}`;
  const survey = await createSurvey({ name: `Audited ${stamp} ${testInfo.project.name}` });
  await createLink({ ourNumber: ours, surveyId: survey.id });
  const caseId = await personWithCase(request, ours, `4479${stamp}${testInfo.project.name === "phone" ? "11" : "22"}`, ["Boiler broken"]);
  const editor = await createTestUser("admin");
  const actor = { id: editor.id, email: editor.email, name: editor.name, role: editor.role };
  await updateCase(actor, { caseId, edit: { title: "Boiler broken since Monday", notes: "", answers: { status: "in_progress" } } });
  // More entries than one page, for "Load more".
  await getSql()`
    insert into audit_log (action, actor_user_id, survey_id, case_id, before, after)
    select 'case.updated', ${editor.id}, ${survey.id}, ${caseId}, jsonb_build_object('notes', 'n' || (n - 1)), jsonb_build_object('notes', 'n' || n)
    from generate_series(1, 60) as n`;

  await signIn(page, owner.email, owner.password);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();

  // Only this case, by its number.
  const filters = page.getByRole("form", { name: "Filters" });
  await filters.getByLabel("Case").fill(`#${caseId}`);
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`caseId=%23${caseId}`));
  const entries = page.getByTestId("audit-entry");
  await expect(entries).toHaveCount(50);
  await expect(page.getByText("50+ entries")).toBeVisible();
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(entries).toHaveCount(61);
  await expect(page.getByRole("button", { name: "Load more" })).toHaveCount(0);
  const edit = entries.filter({ hasText: "Boiler broken since Monday" });
  await expect(edit).toContainText("Edited a case");
  await expect(edit).toContainText(`Case #${caseId}`);
  await expect(edit).toContainText(editor.email);
  await expect(edit).toContainText("Title: Boiler broken → Boiler broken since Monday");
  await expect(edit).toContainText("Answer “status”: new → in_progress");

  // The export is the current filter, as CSV.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^caseline-audit-\d{4}-\d\d-\d\d\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  const lines = csv.trim().split("\n");
  expect(lines[0]).toBe("time,user,user_email,token,action,description,survey_id,survey,case_id,target,changes,before,after");
  expect(lines).toHaveLength(62);
  expect(csv).toContain("Title: Boiler broken → Boiler broken since Monday");
  await tourScreenshot(page, "audit");

  // Another user and the same case: nothing, said plainly.
  await filters.getByLabel("User").selectOption({ label: owner.email });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("No entries match these filters")).toBeVisible();
  // A bad case number is refused beside its field.
  await page.getByRole("form", { name: "Filters" }).getByLabel("Case").fill("12a");
  await page.getByRole("form", { name: "Filters" }).getByRole("button", { name: "Filter" }).click();
  await expect(page.getByText("Enter a case number, such as 123 or #123.")).toBeVisible();
});

test("staff cannot open Admin > Audit or Admin > People, nor download the log", async ({ page }) => {
  await useDatabase();
  const staff = await createTestUser("staff");
  await signIn(page, staff.email, staff.password);
  for (const path of ["/admin/audit", "/admin/people"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: /Audit|Erase or export/ })).toHaveCount(0);
  }
  const csv = await page.request.get("/api/admin/audit/export");
  expect(csv.status()).toBe(403);
  const json = await page.request.get("/api/admin/people/447700900123/export");
  expect(json.status()).toBe(403);
});

test("Admin > People: counts, Export JSON, Erase after typing the number; the log keeps counts only @phone", async ({ page, request }, testInfo) => {
  await useDatabase();
  const ours = `44771${stamp}${testInfo.project.name === "phone" ? 1 : 2}`;
  const survey = await createSurvey({ name: `People ${stamp} ${testInfo.project.name}` });
  await createLink({ ourNumber: ours, surveyId: survey.id });
  const person = `4478${stamp}${testInfo.project.name === "phone" ? "33" : "44"}`;
  await personWithCase(request, ours, person, ["I want my data removed", "Please"]);

  await signIn(page, owner.email, owner.password);
  await page.goto("/admin/people");
  await expect(page.getByRole("heading", { name: "Erase or export a person" })).toBeVisible();
  const find = page.getByRole("form", { name: "Find a number" });
  await find.getByLabel("Phone number").fill("not a number");
  await find.getByRole("button", { name: "Show what is kept" }).click();
  await expect(find.getByText(/international form/).last()).toBeVisible();

  const shown = `+${person.slice(0, 2)} ${person.slice(2)}`;
  await find.getByLabel("Phone number").fill(shown);
  await find.getByRole("button", { name: "Show what is kept" }).click();
  const kept = page.getByRole("list", { name: "What is kept" });
  await expect(kept).toContainText("2 messages from this number");
  await expect(kept).toContainText("1 case holding only its messages");
  await expect(kept).toContainText("2 Vonage webhooks about it");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export JSON" }).click()]);
  expect(download.suggestedFilename()).toBe(`caseline-person-${person}.json`);
  const exported = JSON.parse(fs.readFileSync((await download.path())!, "utf8")) as { number: string; messages: Array<{ text: string }>; cases: unknown[] };
  expect(exported.number).toBe(`+${person}`);
  expect(exported.messages.map((m) => m.text)).toEqual(["I want my data removed", "Please"]);
  expect(exported.cases).toHaveLength(1);

  await page.getByRole("button", { name: "Erase…" }).click();
  const confirm = page.getByRole("form", { name: "Erase" });
  await confirm.getByLabel(/Type .* to confirm/).fill("+44 7700 900000");
  await confirm.getByRole("button", { name: "Erase for good" }).click();
  await expect(confirm.getByText(`Type +${person} to confirm.`)).toBeVisible();
  await page.screenshot({ path: `tests/e2e/artifacts/admin-people-${testInfo.project.name}.png`, fullPage: true });
  await confirm.getByLabel(/Type .* to confirm/).fill(shown);
  await confirm.getByRole("button", { name: "Erase for good" }).click();
  const done = page.getByRole("status", { name: "Erased" });
  await expect(done).toContainText(`Erased everything of +${person}`);
  await expect(done).toContainText("2 messages from this number");
  await tourScreenshot(page, "people-erased");
  expect(await getSql()`select id from messages where their_number = ${person}`).toHaveLength(0);
  expect(await getSql()`select id from cases where their_number = ${person}`).toHaveLength(0);

  // The log: an export and an erasure, with counts, never the number.
  await page.goto("/admin/audit");
  const erasedEntry = page.getByTestId("audit-entry").filter({ hasText: "Erased a person" }).first();
  await expect(erasedEntry).toContainText("2 messages from this number");
  await expect(erasedEntry).toContainText(`Person +${person.slice(0, 2)} `);
  await expect(page.getByTestId("audit-entry").filter({ hasText: "Exported a person's data" }).first()).toBeVisible();
  await expect(page.getByText(person)).toHaveCount(0);
});
