/** Only same-site paths: "/console" yes, "//evil.example" or "https://…" no. */
export function safeCallbackUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/console";
  return value;
}
