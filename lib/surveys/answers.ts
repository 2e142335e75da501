// Validating a record's answers against its survey's questions (pure).
import type { QuestionChoice } from "@/lib/db/schema";

export type QuestionForAnswers = {
  name: string;
  label: string;
  type: "text" | "integer" | "date" | "select_one" | "note" | "conversation";
  choices: QuestionChoice[];
  required: boolean;
};

export type AnswerValue = string | number | null;

export type AnswersCheck =
  | { ok: true; answers: Record<string, AnswerValue> }
  | { ok: false; fieldErrors: Record<string, string> };

export const MAX_TEXT_ANSWER = 10_000;

/** Questions that hold an answer; notes and the conversation are shown, not answered. */
export function isAnswerable(type: QuestionForAnswers["type"]): boolean {
  return type !== "note" && type !== "conversation";
}

/** Form input (strings) → typed answers, or an error per question. Empty means no answer. */
export function checkAnswers(questions: QuestionForAnswers[], input: Record<string, string | undefined>): AnswersCheck {
  const answers: Record<string, AnswerValue> = {};
  const fieldErrors: Record<string, string> = {};
  for (const q of questions) {
    if (!isAnswerable(q.type)) continue;
    const raw = (input[q.name] ?? "").trim();
    if (raw === "") {
      if (q.required) fieldErrors[q.name] = `${q.label} is required.`;
      else answers[q.name] = null;
      continue;
    }
    switch (q.type) {
      case "text":
        if (raw.length > MAX_TEXT_ANSWER) fieldErrors[q.name] = `${q.label} can be at most ${MAX_TEXT_ANSWER} characters.`;
        else answers[q.name] = raw;
        break;
      case "integer": {
        const value = Number(raw);
        if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) fieldErrors[q.name] = `${q.label} must be a whole number.`;
        else answers[q.name] = value;
        break;
      }
      case "date":
        if (!isValidDate(raw)) fieldErrors[q.name] = `${q.label} must be a date (YYYY-MM-DD).`;
        else answers[q.name] = raw;
        break;
      case "select_one":
        if (!q.choices.some((c) => c.value === raw)) fieldErrors[q.name] = `Choose one of the options for ${q.label}.`;
        else answers[q.name] = raw;
        break;
    }
  }
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, answers };
}

function isValidDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
