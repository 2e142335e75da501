// Canned replies (SPEC §9): what one is and what makes it valid. Pure and free of server code,
// so the admin form and the composer can share the limits.

export const MAX_CANNED_NAME = 80;
export const MAX_CANNED_TEXT = 2000;

export type CannedReplyEntry = {
  id: number;
  surveyId: number;
  name: string;
  text: string;
  updatedAt: string;
};

export type CannedReplyInput = { name: string; text: string };

export type CannedReplyCheck = { ok: true; name: string; text: string } | { ok: false; fieldErrors: Record<string, string> };

/** Name on one line (whitespace collapsed), text trimmed; each 1..its limit. */
export function checkCannedReply(input: CannedReplyInput): CannedReplyCheck {
  const name = input.name.replace(/\s+/g, " ").trim();
  const text = input.text.trim();
  const fieldErrors: Record<string, string> = {};
  if (!name) fieldErrors.name = "Give the canned reply a name: typing / and its first letters finds it.";
  else if (name.length > MAX_CANNED_NAME) fieldErrors.name = `A name can be at most ${MAX_CANNED_NAME} characters.`;
  if (!text) fieldErrors.text = "Write the text the reply inserts.";
  else if (text.length > MAX_CANNED_TEXT) fieldErrors.text = `The text can be at most ${MAX_CANNED_TEXT} characters (this one has ${text.length}).`;
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, name, text };
}

/** The field error when another canned reply of the survey has the name (any case). */
export function nameTakenError(name: string): string {
  return `This survey already has a canned reply named “${name}” (names are compared ignoring case).`;
}
