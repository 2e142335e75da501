import { expect, test } from "@playwright/test";
import { findUserByEmail } from "@/lib/auth/users";
import { updateUserAsAdmin } from "@/lib/users/admin";
import { createTestUser, owner, signIn, useDatabase } from "./support";

test.describe("signing in", () => {
  test("the owner signs in, sees Console and Admin, and signs out @phone", async ({ page }) => {
    await page.goto("/console");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fconsole/);
    await signIn(page, owner.email, owner.password);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Console" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Admin" })).toBeVisible();
    await expect(page.getByTestId("signed-in-user")).toBeVisible();

    await nav.getByRole("link", { name: "Admin" }).click();
    await expect(page.getByRole("heading", { name: "Admin" })).toBeVisible();
    await page.screenshot({ path: `tests/e2e/artifacts/admin-${test.info().project.name}.png`, fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/console");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a wrong password shows an error and does not sign in", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    await page.screenshot({ path: "tests/e2e/artifacts/login-error.png" });
  });

  test("a sign-in that is not JSON (a cross-site form) is refused", async ({ request }) => {
    const response = await request.post("/api/session", { form: { email: owner.email, password: owner.password } });
    expect(response.status()).toBe(400);
    expect(response.headers()["set-cookie"] ?? "").not.toContain("session-token");
  });

  test("repeated failures are throttled with a clear message", async ({ page, request }) => {
    const user = await createTestUser("staff");
    for (let i = 0; i < 5; i++) {
      const response = await request.post("/api/session", { data: { email: user.email, password: "wrong" } });
      expect(response.status()).toBe(401);
    }
    const throttled = await request.post("/api/session", { data: { email: user.email, password: user.password } });
    expect(throttled.status()).toBe(429);
    expect(throttled.headers()["retry-after"]).toBeTruthy();

    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Too many failed sign-in attempts" })).toBeVisible();
  });
});

test.describe("roles", () => {
  test("a staff user sees no Admin and is refused at /admin @phone", async ({ page }) => {
    const staff = await createTestUser("staff");
    await signIn(page, staff.email, staff.password);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Console" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await expect(page.getByText("You have not been given access to any survey yet")).toBeVisible();
    await page.screenshot({ path: `tests/e2e/artifacts/console-staff-${test.info().project.name}.png`, fullPage: true });

    for (const path of ["/admin", "/admin/users", "/admin/users/conversations", "/admin/settings", "/admin/surveys", "/admin/surveys/1"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
    }
  });

  test("an admin sees Admin but not the owner's Settings", async ({ page }) => {
    const admin = await createTestUser("admin");
    await signIn(page, admin.email, admin.password);
    await page.goto("/admin");
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
    // Settings > Server is the owner's alone: for an admin it does not exist.
    const response = await page.goto("/admin/settings");
    expect(response?.status()).toBe(404);
  });
});

test.describe("sessions end when they must", () => {
  test("signing out ends the session everywhere: a copy of the old cookie no longer works", async ({ page, browser }) => {
    const user = await createTestUser("staff");
    await signIn(page, user.email, user.password);
    const copied = await page.context().storageState();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);

    const thief = await browser.newContext({ storageState: copied });
    try {
      const stolen = await thief.newPage();
      await stolen.goto("/console");
      await expect(stolen).toHaveURL(/\/login/);
      expect((await thief.request.get("/api/cases")).status()).toBe(401);
    } finally {
      await thief.close();
    }
  });

  test("deactivation ends a user's sessions, and activating them again does not bring the old ones back", async ({ page }) => {
    await useDatabase();
    const user = await createTestUser("staff");
    await signIn(page, user.email, user.password);
    const ownerRow = await findUserByEmail({ email: owner.email });
    const actor = { id: ownerRow!.id, email: ownerRow!.email, name: ownerRow!.name, role: ownerRow!.role };
    await updateUserAsAdmin(actor, user.id, { active: false });
    await updateUserAsAdmin(actor, user.id, { active: true });
    await page.goto("/console");
    await expect(page).toHaveURL(/\/login/);
    // Signing in again works.
    await signIn(page, user.email, user.password);
  });
});
