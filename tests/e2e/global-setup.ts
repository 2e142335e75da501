// Before the e2e tests: the webhook secret saved in Settings > Server (encrypted with the
// app's AUTH_SECRET, as the owner's form does), so every spec can post signed webhooks.
import { encryptSecret } from "@/lib/crypto/secret-box";
import { closeDb, getDb } from "@/lib/db/client";
import { serverSettings } from "@/lib/db/schema";

export default async function globalSetup() {
  const secret = process.env.E2E_WEBHOOK_SECRET;
  const authSecret = process.env.E2E_AUTH_SECRET;
  if (!secret || !authSecret || !process.env.E2E_DATABASE_URL) throw new Error("Run the e2e tests with `npm run test:e2e`.");
  process.env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  const sealed = encryptSecret(secret, authSecret);
  await getDb()
    .insert(serverSettings)
    .values({ id: 1, vonageWebhookSecretEncrypted: sealed })
    .onConflictDoUpdate({ target: serverSettings.id, set: { vonageWebhookSecretEncrypted: sealed } });
  await closeDb();
}
