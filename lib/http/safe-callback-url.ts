/**
 * Only same-site paths: "/console" yes; "//evil.example", "https://…", and anything with a
 * backslash, whitespace or control character (browsers drop those, turning "/\t/evil" into
 * "//evil") no.
 */
export function safeCallbackUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || /[\\\s\u0000-\u001f\u007f]/.test(value)) return "/console";
  return value;
}
