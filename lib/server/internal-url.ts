import "server-only";
import { env } from "@/lib/config/env";

/**
 * Where this app can reach itself (the simulator posts webhooks to it; the worker points the
 * SDK at its fake Messages API). The launcher sets CASELINE_INTERNAL_URL; PORT otherwise.
 */
export function internalBaseUrl(): string {
  const { CASELINE_INTERNAL_URL, PORT } = env();
  if (CASELINE_INTERNAL_URL) return CASELINE_INTERNAL_URL.replace(/\/+$/, "");
  return `http://127.0.0.1:${PORT}`;
}
