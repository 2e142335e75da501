// SPEC §11: where the provider fetches the files staff send. Vonage fetches from the
// deployment's public address (PUBLIC_URL); the built-in simulator is this app, so it always
// fetches from the app's internal address — a PUBLIC_URL behind a proxy need not be
// reachable from the server itself, and the simulator must work offline.
import "server-only";
import { env } from "@/lib/config/env";
import { mediaUrlKey } from "@/lib/crypto/secret-box";
import { internalBaseUrl } from "@/lib/server/internal-url";
import { getProvider, type Provider } from "@/lib/settings/server-settings";
import { PUBLIC_MEDIA_PATH, signedMediaUrl } from "./signed-url";

export type MediaAddress = { ok: true; baseUrl: string; source: "PUBLIC_URL" | "internal" } | { ok: false; problem: string };

export const MISSING_PUBLIC_URL =
  "Files cannot be sent yet: set PUBLIC_URL to this server's public https address (for example https://caseline.example.org) and restart. Vonage fetches files from it.";

export function mediaAddressFor(provider: Provider, { publicUrl, internalUrl }: { publicUrl: string | undefined; internalUrl: string }): MediaAddress {
  if (provider === "simulator") return { ok: true, baseUrl: internalUrl, source: "internal" };
  if (!publicUrl) return { ok: false, problem: MISSING_PUBLIC_URL };
  return { ok: true, baseUrl: publicUrl.replace(/\/+$/, ""), source: "PUBLIC_URL" };
}

/** What Settings > Server warns about (null: nothing). */
export function mediaAddressWarning(provider: Provider, publicUrl: string | undefined): string | null {
  if (provider !== "vonage") return null;
  if (!publicUrl) return MISSING_PUBLIC_URL;
  if (!publicUrl.startsWith("https://")) {
    return "PUBLIC_URL is not https: Vonage and WhatsApp may refuse to fetch files from it. Give the https address people reach this server at.";
  }
  return null;
}

/** The address for the provider in use now (system: the worker and the reply check call it). */
export async function currentMediaAddress(provider?: Provider): Promise<MediaAddress> {
  return mediaAddressFor(provider ?? (await getProvider()), { publicUrl: env().PUBLIC_URL, internalUrl: internalBaseUrl() });
}

/** The signed, expiring address of one outbound file on `baseUrl`. */
export function publicFileUrl(baseUrl: string, file: { id: number; name: string | null }, nowMs = Date.now()): string {
  return signedMediaUrl({ key: mediaUrlKey(), baseUrl, fileId: file.id, name: file.name, nowMs });
}

/** How the address looks, for Settings > Server. */
export function exampleFileUrl(baseUrl: string): string {
  return `${baseUrl}${PUBLIC_MEDIA_PATH}/…`;
}

export type MediaAddressView = { provider: Provider; example: string | null; source: "PUBLIC_URL" | "internal" | null; warning: string | null };

/** Settings > Server: the address the provider is given for files, and what is wrong with it. */
export function mediaAddressView(provider: Provider): MediaAddressView {
  const publicUrl = env().PUBLIC_URL;
  const address = mediaAddressFor(provider, { publicUrl, internalUrl: internalBaseUrl() });
  return {
    provider,
    example: address.ok ? exampleFileUrl(address.baseUrl) : null,
    source: address.ok ? address.source : null,
    warning: mediaAddressWarning(provider, publicUrl),
  };
}
