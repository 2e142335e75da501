// The webhook and read API over real HTTP on the built app: signed webhooks in, cases out,
// with the session cookie and survey access.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { getDb } from "@/lib/db/client";
import { surveyAccess } from "@/lib/db/schema";
import { createLink, createSurvey } from "../support/seed";
import { createTestUser, owner, postSignedWebhook, signIn, useDatabase } from "./support";

const stamp = Date.now().toString().slice(-6);
const SUPPORT = `4477111${stamp}`;
const SALES = `4477222${stamp}`;

test("webhooks create cases that the read API shows to those allowed to see them", async ({ page, request, browser }) => {
  await useDatabase();
  const support = await createSurvey({ name: `Support ${stamp}` });
  const sales = await createSurvey({ name: `Sales ${stamp}` });
  await createLink({ ourNumber: SUPPORT, surveyId: support.id, multiCaseReply: "You have %s1 open cases: %s2" });
  await createLink({ ourNumber: SALES, surveyId: sales.id });

  const from = `4477333${stamp}`;
  const inbound = (to: string, text: string) => ({
    channel: "sms",
    message_uuid: randomUUID(),
    to,
    from,
    timestamp: new Date().toISOString(),
    message_type: "text",
    text,
  });

  const first = await postSignedWebhook(request, "/api/vonage/inbound", inbound(SUPPORT, "<script>alert(1)</script> help"));
  expect(first.status()).toBe(200);
  expect(await first.json()).toEqual({ ok: true, outcome: "routed" });
  expect((await postSignedWebhook(request, "/api/vonage/inbound", inbound(SALES, "Price list?"))).status()).toBe(200);

  const unsigned = await request.post("/api/vonage/inbound", { data: inbound(SUPPORT, "unsigned") });
  expect(unsigned.status()).toBe(503);

  // Not signed in: the API says so instead of redirecting.
  expect((await request.get("/api/cases")).status()).toBe(401);

  await signIn(page, owner.email, owner.password);
  const list = await page.request.get(`/api/cases?surveyId=${support.id}&state=open`);
  expect(list.status()).toBe(200);
  const { items } = await list.json();
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ title: "<script>alert(1)</script> help", theirNumber: from, ourNumber: SUPPORT, messageCount: 1 });
  const detail = await (await page.request.get(`/api/cases/${items[0].id}`)).json();
  expect(detail.messages).toEqual([expect.objectContaining({ direction: "inbound", text: "<script>alert(1)</script> help" })]);
  expect((await page.request.get("/api/cases?state=sideways")).status()).toBe(400);

  // A staff user with access to Support only: Sales cases answer 404, as if missing.
  const staff = await createTestUser("staff");
  await getDb().insert(surveyAccess).values({ userId: staff.id, surveyId: support.id });
  const context = await browser.newContext();
  const staffPage = await context.newPage();
  await signIn(staffPage, staff.email, staff.password);
  const salesList = await (await staffPage.request.get(`/api/cases?surveyId=${sales.id}`)).json();
  const mine = await (await staffPage.request.get("/api/cases")).json();
  expect(mine.items.map((c: { ourNumber: string }) => c.ourNumber)).toEqual([SUPPORT]);
  expect(salesList.error.code).toBe("not_found");
  const salesCase = await (await page.request.get(`/api/cases?surveyId=${sales.id}`)).json();
  expect((await staffPage.request.get(`/api/cases/${salesCase.items[0].id}`)).status()).toBe(404);
  expect((await staffPage.request.get(`/api/cases/${items[0].id}`)).status()).toBe(200);
  await context.close();
});
