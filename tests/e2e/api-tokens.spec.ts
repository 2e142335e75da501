// API tokens in the UI (SPEC §15): made in one's profile and, by an admin, for a staff user;
// shown once; the token works against /api/v1 at once and stops the moment it is revoked.
import { expect, test, type Page } from "@playwright/test";
import { createTestUser, owner, signIn, useDatabase } from "./support";
import { tourScreenshot } from "./guide/steps";

async function createToken(page: Page, name: string): Promise<string> {
  const form = page.getByRole("region", { name: "New API token" });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await form.getByTestId("shown-once").textContent())!.trim();
  expect(token).toMatch(/^cl_[A-Za-z0-9_-]{43}$/);
  return token;
}

test("a user makes a token in their profile, uses it, and revokes it @phone", async ({ page, request }) => {
  await useDatabase();
  const staff = await createTestUser("staff");
  await signIn(page, staff.email, staff.password);
  await page.getByTestId("signed-in-user").click();
  await expect(page.getByRole("heading", { name: "Profile" })).toBeVisible();
  await expect(page.getByText("No API tokens yet")).toBeVisible();

  const token = await createToken(page, "Reporting script");
  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email: staff.email, role: "staff" });

  // Shown once: after a reload only its name and first characters remain.
  await page.reload();
  const row = page.getByTestId("token-row").filter({ hasText: "Reporting script" });
  await expect(row).toContainText(token.slice(0, 9));
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(row).toContainText("last used");
  await tourScreenshot(page, "api-tokens");

  await row.getByRole("button", { name: "Revoke…" }).click();
  await row.getByRole("button", { name: "Revoke Reporting script" }).click();
  await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
  const after = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toMatch(/revoked/);
});

test("an admin makes a token for a staff user that acts as that user", async ({ page, request }) => {
  await useDatabase();
  const staff = await createTestUser("staff");
  await signIn(page, owner.email, owner.password);
  await page.goto("/admin/users");
  await page.getByTestId("user-row").filter({ hasText: staff.email }).getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { name: /API tokens of/ })).toBeVisible();
  const token = await createToken(page, "Ticket sync");
  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect((await me.json()).id).toBe(staff.id);
  // A staff token cannot reach what staff may not: another user's tokens.
  const others = await request.get("/api/v1/tokens?userId=1", { headers: { authorization: `Bearer ${token}` } });
  expect(others.status()).toBe(404);
});

test("the API describes itself and answers unknown paths in its own error shape", async ({ request }) => {
  const document = await request.get("/api/v1/openapi.json");
  expect(document.status()).toBe(200);
  const body = await document.json();
  expect(body.openapi).toBe("3.1.0");
  expect(Object.keys(body.paths)).toContain("/cases/{id}/replies");
  const missing = await request.get("/api/v1/no-such-thing");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
  const unauthenticated = await request.get("/api/v1/cases");
  expect(unauthenticated.status()).toBe(401);
});
