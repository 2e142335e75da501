// The media URL rules of this deployment (lib/media/source-url.ts with its settings).
import "server-only";
import { env } from "@/lib/config/env";
import { internalBaseUrl } from "@/lib/server/internal-url";
import type { Provider } from "@/lib/settings/server-settings";
import type { MediaUrlRules } from "./source-url";

/**
 * At routing (the webhook's transaction, which does not read the settings): the app's own
 * address counts, as the simulator's files are there; the worker decides with the provider.
 */
export function routingMediaRules(): MediaUrlRules {
  return { extraHosts: env().VONAGE_MEDIA_HOSTS, ownOrigin: internalBaseUrl() };
}

/** In the worker: the app's own address only while the provider is the Phone simulator. */
export function fetchMediaRules(provider: Provider): MediaUrlRules {
  return { extraHosts: env().VONAGE_MEDIA_HOSTS, ownOrigin: provider === "simulator" ? internalBaseUrl() : null };
}
