// Settings > Server, with SPEC §8's environment variables taking precedence.
import { eq } from "drizzle-orm";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { getDb } from "@/lib/db/client";
import { serverSettings, type ServerSettings } from "@/lib/db/schema";

export async function getServerSettingsRow(): Promise<ServerSettings | null> {
  const [row] = await getDb().select().from(serverSettings).where(eq(serverSettings.id, 1)).limit(1);
  return row ?? null;
}

/**
 * The secret Vonage signs webhooks with: VONAGE_WEBHOOK_SECRET, else the one saved in
 * Settings > Server. Null when neither is set (webhooks then answer 503, SPEC §3).
 */
export async function getWebhookSecret(): Promise<string | null> {
  const fromEnv = process.env.VONAGE_WEBHOOK_SECRET;
  if (fromEnv) return fromEnv;
  const row = await getServerSettingsRow();
  if (!row?.vonageWebhookSecretEncrypted) return null;
  const secret = decryptSecret(row.vonageWebhookSecretEncrypted);
  if (secret === null) console.error("The stored Vonage webhook secret cannot be decrypted: was AUTH_SECRET changed?");
  return secret;
}
