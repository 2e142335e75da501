/**
 * Where this app can reach itself (the simulator posts webhooks to it; the worker points the
 * SDK at its fake Messages API). The launcher sets CASELINE_INTERNAL_URL; PORT otherwise.
 */
export function internalBaseUrl(): string {
  const configured = process.env.CASELINE_INTERNAL_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return `http://127.0.0.1:${process.env.PORT || "3000"}`;
}
