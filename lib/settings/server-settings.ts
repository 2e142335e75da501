// Settings > Server, with SPEC §8's environment variables taking precedence. Secrets are
// stored encrypted (SPEC §7) and never leave the server: the view only says whether they are set.
import "server-only";
import fs from "node:fs";
import { eq, sql } from "drizzle-orm";
import { auditDiff, SECRET_CHANGED } from "@/lib/audit/diff";
import { recordAudit } from "@/lib/audit/record";
import { assertRole, type CurrentUser } from "@/lib/auth/access";
import { env } from "@/lib/config/env";
import { decryptSecret, encryptSecret, simulatorWebhookSecret } from "@/lib/crypto/secret-box";
import { getDb, transaction } from "@/lib/db/client";
import { serverSettings, type ServerSettings } from "@/lib/db/schema";

export type Provider = "vonage" | "simulator";

/** The saved settings row (system: the worker and the webhooks read it; no user). */
export async function getServerSettingsRow(): Promise<ServerSettings | null> {
  const [row] = await getDb().select().from(serverSettings).where(eq(serverSettings.id, 1)).limit(1);
  return row ?? null;
}

/** Which settings the environment fixes (and the form then shows read-only). */
export function settingsFromEnvironment() {
  const e = env();
  return {
    applicationId: e.VONAGE_APPLICATION_ID ?? null,
    privateKey: e.VONAGE_PRIVATE_KEY ?? (e.VONAGE_PRIVATE_KEY_PATH ? `file:${e.VONAGE_PRIVATE_KEY_PATH}` : null),
    webhookSecret: e.VONAGE_WEBHOOK_SECRET ?? null,
    apiHost: e.VONAGE_API_HOST ?? null,
    provider: e.MESSAGING_PROVIDER ?? null,
  };
}

/**
 * MESSAGING_PROVIDER, else the saved choice, else Vonage when the environment holds Vonage
 * credentials (a deployment configured only by environment must not send into the
 * simulator), else the simulator (a fresh install).
 */
export function resolveProvider(row: Pick<ServerSettings, "provider"> | null): Provider {
  const env = settingsFromEnvironment();
  return env.provider ?? row?.provider ?? (env.applicationId && env.privateKey ? "vonage" : "simulator");
}

export async function getProvider(): Promise<Provider> {
  return resolveProvider(await getServerSettingsRow());
}

/**
 * The secret Vonage signs webhooks with: VONAGE_WEBHOOK_SECRET, else the one saved in
 * Settings > Server. With neither, the simulator signs its own webhooks with a secret
 * derived from AUTH_SECRET (so a fresh install works at once); with the provider set to
 * Vonage there is then no secret and webhooks answer 503 (SPEC §3).
 */
export async function getWebhookSecret(): Promise<string | null> {
  const fromEnv = env().VONAGE_WEBHOOK_SECRET;
  if (fromEnv) return fromEnv;
  const row = await getServerSettingsRow();
  if (!row?.vonageWebhookSecretEncrypted) return resolveProvider(row) === "simulator" ? simulatorWebhookSecret() : null;
  const secret = decryptSecret(row.vonageWebhookSecretEncrypted);
  if (secret === null) console.error("The stored Vonage webhook secret cannot be decrypted: was AUTH_SECRET changed?");
  return secret;
}

/**
 * The private key for the SDK: VONAGE_PRIVATE_KEY, VONAGE_PRIVATE_KEY_PATH, or the saved one
 * (from `row` when the caller has already read the settings).
 */
export async function getPrivateKey(row?: ServerSettings | null): Promise<string | null> {
  const { VONAGE_PRIVATE_KEY, VONAGE_PRIVATE_KEY_PATH } = env();
  if (VONAGE_PRIVATE_KEY) return VONAGE_PRIVATE_KEY;
  if (VONAGE_PRIVATE_KEY_PATH) return fs.readFileSync(VONAGE_PRIVATE_KEY_PATH, "utf8");
  const settings = row === undefined ? await getServerSettingsRow() : row;
  return settings?.vonagePrivateKeyEncrypted ? decryptSecret(settings.vonagePrivateKeyEncrypted) : null;
}

export type SettingSource = "environment" | "saved" | "missing";

export type ServerSettingsView = {
  applicationId: { value: string | null; source: SettingSource };
  webhookSecret: { source: SettingSource };
  privateKey: { source: SettingSource };
  apiHost: { value: string | null; source: SettingSource };
  provider: { value: Provider; source: "environment" | "saved" | "default" };
};

/** What Settings > Server shows: values, but for secrets only whether they are set. */
export async function getServerSettingsView(actor: CurrentUser): Promise<ServerSettingsView> {
  assertRole(actor, ["owner"]);
  const row = await getServerSettingsRow();
  const env = settingsFromEnvironment();
  const source = (fromEnv: string | null, saved: string | null | undefined): SettingSource =>
    fromEnv ? "environment" : saved ? "saved" : "missing";
  return {
    applicationId: { value: env.applicationId ?? row?.vonageApplicationId ?? null, source: source(env.applicationId, row?.vonageApplicationId) },
    webhookSecret: { source: source(env.webhookSecret, row?.vonageWebhookSecretEncrypted) },
    privateKey: { source: source(env.privateKey, row?.vonagePrivateKeyEncrypted) },
    apiHost: { value: env.apiHost ?? row?.apiHost ?? null, source: source(env.apiHost, row?.apiHost) },
    provider: { value: resolveProvider(row), source: env.provider ? "environment" : row ? "saved" : "default" },
  };
}

export type ServerSettingsInput = {
  applicationId: string;
  /** Empty: keep the saved one. */
  webhookSecret: string;
  /** Empty: keep the saved one. */
  privateKey: string;
  apiHost: string;
  provider: Provider;
};

export type SaveResult = { ok: true } | { ok: false; fieldErrors: Record<string, string> };

export function checkServerSettings(input: ServerSettingsInput): Record<string, string> {
  const errors: Record<string, string> = {};
  const id = input.applicationId.trim();
  if (id && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    errors.applicationId = "A Vonage Application ID looks like aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.";
  }
  if (input.webhookSecret && input.webhookSecret.trim().length < 8) errors.webhookSecret = "The webhook secret is at least 8 characters long.";
  const key = input.privateKey.trim();
  if (key && !/^-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----$/.test(key)) {
    errors.privateKey = "Paste the whole private key, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.";
  }
  const host = input.apiHost.trim();
  if (host) {
    try {
      const url = new URL(host);
      if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error();
    } catch {
      errors.apiHost = "The API host is a URL such as https://api.nexmo.com.";
    }
  }
  return errors;
}

/** Saves Settings > Server (owner only). Settings fixed by the environment are left as they are. */
export async function saveServerSettings(actor: CurrentUser, input: ServerSettingsInput): Promise<SaveResult> {
  assertRole(actor, ["owner"]);
  const fieldErrors = checkServerSettings(input);
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const env = settingsFromEnvironment();
  const values: Partial<typeof serverSettings.$inferInsert> = { updatedAt: new Date(), updatedBy: actor.id };
  if (!env.applicationId) values.vonageApplicationId = input.applicationId.trim() || null;
  if (!env.webhookSecret && input.webhookSecret.trim()) values.vonageWebhookSecretEncrypted = encryptSecret(input.webhookSecret.trim());
  if (!env.privateKey && input.privateKey.trim()) values.vonagePrivateKeyEncrypted = encryptSecret(input.privateKey.trim());
  if (!env.apiHost) values.apiHost = input.apiHost.trim().replace(/\/+$/, "") || null;
  if (!env.provider) values.provider = input.provider;
  await transaction(async (tx) => {
    const [before] = await tx.select().from(serverSettings).where(eq(serverSettings.id, 1)).for("update").limit(1);
    await tx
      .insert(serverSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: serverSettings.id, set: { ...values, updatedAt: sql`now()` } });
    // Secrets never go into the log: a new one is recorded as "changed", on the after side only.
    const diff = auditDiff(
      { provider: before?.provider ?? null, applicationId: before?.vonageApplicationId ?? null, apiHost: before?.apiHost ?? null },
      {
        provider: values.provider ?? before?.provider ?? null,
        applicationId: values.vonageApplicationId !== undefined ? values.vonageApplicationId : (before?.vonageApplicationId ?? null),
        apiHost: values.apiHost !== undefined ? values.apiHost : (before?.apiHost ?? null),
      },
    );
    const secrets = {
      ...(values.vonageWebhookSecretEncrypted ? { webhookSecret: SECRET_CHANGED } : {}),
      ...(values.vonagePrivateKeyEncrypted ? { privateKey: SECRET_CHANGED } : {}),
    };
    if (diff || Object.keys(secrets).length) {
      await recordAudit(tx, actor, {
        action: "settings.server_changed",
        target: "server_settings",
        before: diff?.before ?? null,
        after: { ...diff?.after, ...secrets },
      });
    }
  });
  return { ok: true };
}
