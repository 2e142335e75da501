import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { createUser } from "@/lib/auth/users";
import type { UserRole } from "@/lib/db/schema";
import { signWebhook } from "@/lib/vonage/webhook-signature";

export const owner = {
  email: process.env.E2E_OWNER_EMAIL ?? "owner@e2e.test",
  password: process.env.E2E_OWNER_PASSWORD ?? "",
};

/** Test data goes straight into the app's database (the admin screens arrive with issue 6). */
export async function createTestUser(role: UserRole, password = "staff-password-1") {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@e2e.test`;
  const user = await createUser({ email, name: `Test ${role}`, role, password });
  return { ...user, password };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Console" })).toBeVisible();
}

export const webhookSecret = process.env.E2E_WEBHOOK_SECRET ?? "";

/** Posts a webhook to the running app exactly as Vonage would: raw JSON body, signed JWT. */
export async function postSignedWebhook(request: APIRequestContext, path: string, body: unknown, secret = webhookSecret) {
  const raw = JSON.stringify(body);
  return request.post(path, {
    headers: { "content-type": "application/json", authorization: `Bearer ${signWebhook(raw, secret)}` },
    data: raw,
  });
}

/** An inbound SMS as Vonage's Messages API sends it. */
export function inboundSmsBody({ to, from, text }: { to: string; from: string; text: string }) {
  return { channel: "sms", message_uuid: randomUUID(), to, from, timestamp: new Date().toISOString(), message_type: "text", text };
}

export async function useDatabase() {
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
}
