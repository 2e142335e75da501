// How the download worker presents itself to the media source (SPEC §11, VONAGE.md): with
// Vonage as provider, `Authorization: Bearer <application JWT>` — the RS256 token the SDK
// makes from the application id and private key — which Secure Inbound Media requires and
// is harmless without it; with the Phone simulator, nothing. Worker-time: no user acts here.
import "server-only";
import { tokenGenerate } from "@vonage/jwt";
import { getPrivateKey, getServerSettingsRow, resolveProvider, settingsFromEnvironment, type Provider } from "@/lib/settings/server-settings";

export type SourceAccess = { provider: Provider; authorization: () => string | null };

// Settings are read again at most every few seconds, so a change in Settings > Server reaches
// a running worker without a restart (as the send worker's sender).
const SETTINGS_TTL_MS = 5_000;
let cached: { at: number; access: SourceAccess } | null = null;

export async function sourceAccess(): Promise<SourceAccess> {
  if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.access;
  const row = await getServerSettingsRow();
  const provider = resolveProvider(row);
  let authorization: SourceAccess["authorization"] = () => null;
  if (provider === "vonage") {
    const applicationId = settingsFromEnvironment().applicationId ?? row?.vonageApplicationId ?? null;
    // An unreadable key: fetched without the JWT (which works while Secure Inbound Media is off).
    const privateKey = await getPrivateKey(row).catch(() => null);
    if (applicationId && privateKey) {
      // A fresh token per request: each carries its own jti and lasts 15 minutes.
      authorization = () => `Bearer ${tokenGenerate(applicationId, privateKey)}`;
    }
  }
  const access = { provider, authorization };
  cached = { at: Date.now(), access };
  return access;
}

/** Tests switch the provider between cases. */
export function forgetSourceAccess(): void {
  cached = null;
}
