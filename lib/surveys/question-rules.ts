// Survey editor rules (pure): question names, choices, and the case settings.
import type { QuestionChoice } from "@/lib/db/schema";

export const QUESTION_TYPES = ["text", "integer", "date", "select_one", "note", "conversation"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const TYPE_LABELS: Record<QuestionType, string> = {
  text: "Text",
  integer: "Integer",
  date: "Date",
  select_one: "Select one",
  note: "Note",
  conversation: "Conversation",
};

export function slugify(label: string): string {
  const slug = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 50);
  return /^[a-z]/.test(slug) ? slug : `q_${slug}`.slice(0, 50);
}

export function checkQuestionName(name: string): string | null {
  return /^[a-z][a-z0-9_]{0,49}$/.test(name)
    ? null
    : "A name starts with a letter and has only lowercase letters, digits and _ (at most 50).";
}

/**
 * Choices typed one per line: "Resolved" (value resolved) or "done = Resolved" (value done).
 */
export function parseChoices(text: string): { ok: true; choices: QuestionChoice[] } | { ok: false; error: string } {
  const choices: QuestionChoice[] = [];
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf("=");
    const label = (at >= 0 ? line.slice(at + 1) : line).trim();
    const value = at >= 0 ? line.slice(0, at).trim() : slugify(label);
    if (!label || !value) return { ok: false, error: `“${line}” needs a label.` };
    if (choices.some((c) => c.value === value)) return { ok: false, error: `Two choices have the value “${value}”.` };
    choices.push({ value, label });
  }
  if (choices.length === 0) return { ok: false, error: "A select-one question needs at least one choice, one per line." };
  if (choices.length > 100) return { ok: false, error: "A question can have at most 100 choices." };
  return { ok: true, choices };
}

export function choicesToText(choices: QuestionChoice[]): string {
  return choices.map((c) => (slugify(c.label) === c.value ? c.label : `${c.value} = ${c.label}`)).join("\n");
}

export type CaseSettingsInput = {
  statusQuestion: { type: QuestionType; choices: QuestionChoice[] } | null;
  closingValue: string | null;
  defaultStatus: string | null;
};

/** SPEC §1: cases are enabled by a select-one status question and a closing value among its choices. */
export function checkCaseSettings(input: CaseSettingsInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!input.statusQuestion) {
    if (input.closingValue) errors.closingValue = "Choose the status question first.";
    return errors;
  }
  if (input.statusQuestion.type !== "select_one") errors.statusQuestionId = "The status question must be a select-one question.";
  const values = input.statusQuestion.choices.map((c) => c.value);
  if (!input.closingValue) errors.closingValue = "Choose the value that closes a case.";
  else if (!values.includes(input.closingValue)) errors.closingValue = `The closing value “${input.closingValue}” is not one of the status question's choices.`;
  if (input.defaultStatus) {
    if (!values.includes(input.defaultStatus)) errors.defaultStatus = `The default status “${input.defaultStatus}” is not one of the choices.`;
    else if (input.defaultStatus === input.closingValue) errors.defaultStatus = "New cases would start closed: choose another default status.";
  }
  return errors;
}
