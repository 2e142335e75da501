// Case references in message text (SPEC §3 step 3): "#" and digits, not preceded by a
// letter, digit or "#", and not followed by a letter or digit.
const REFERENCE = /(?<![\p{L}\p{N}#])#(\d+)(?![\p{L}\p{N}])/gu;

/** A case number as it comes in an address (`/console/cases/123`, `?case=123`); null if it is not one. */
export function caseIdFrom(value: string | null | undefined): number | null {
  return value && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** Every reference in the text, in order of appearance; "#0" (or "#00") is 0. */
export function parseReferences(text: string | null | undefined): number[] {
  if (!text) return [];
  const found: number[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const digits = match[1]!;
    // References beyond any real case id cannot name a case; keep them out of queries.
    if (digits.length > 15) continue;
    found.push(Number(digits));
  }
  return found;
}

/** The text without its references, as used for a new case's title. */
export function stripReferences(text: string): string {
  return text.replace(REFERENCE, " ");
}

export function formatReference(caseId: number): string {
  return `#${caseId}`;
}
