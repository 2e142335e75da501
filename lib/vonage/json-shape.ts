// Limits a signed webhook body must respect before it is parsed and stored (pure).
// Vonage's payloads are shallow and their numbers short; a body that is neither is kept as
// "invalid" with the reason instead of failing somewhere deeper (a stack overflow while
// parsing or cleaning it, a number PostgreSQL cannot hold) and answering 5xx for ever.

export const MAX_JSON_DEPTH = 32;
export const MAX_NUMBER_LENGTH = 40;

/** Why this JSON text is refused, or null. A text that is not JSON at all is JSON.parse's to judge. */
export function jsonShapeProblem(text: string): string | null {
  let depth = 0;
  let inString = false;
  let numberLength = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    const inNumber = (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69; // 0-9 - + . e E
    numberLength = inNumber ? numberLength + 1 : 0;
    if (numberLength > MAX_NUMBER_LENGTH) return `a number longer than ${MAX_NUMBER_LENGTH} characters`;
    if (c === 34) inString = true;
    else if (c === 91 || c === 123 /* [ { */) {
      if (++depth > MAX_JSON_DEPTH) return `nested more than ${MAX_JSON_DEPTH} levels deep`;
    } else if (c === 93 || c === 125) depth--;
  }
  return null;
}

/** A provider timestamp, when it is a real date of this era (2000–2100); otherwise null. */
export function saneTimestamp(value: string | undefined | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  const time = date.getTime();
  return time >= Date.UTC(2000, 0, 1) && time < Date.UTC(2100, 0, 1) ? date : null;
}
