// WhatsApp templates (SPEC §10): what a template is, what makes one valid, and how its body is
// filled in. Pure and free of server code: the admin form, the composer's preview, the API
// and the simulator share these rules, so what the preview shows is what is stored and sent.

import { MAX_TEXT_LENGTH } from "@/lib/outbound/reply-text";

/** Meta allows 512 characters in a template's name. */
export const MAX_TEMPLATE_NAME = 512;
/** Meta's limit for a template's body text. */
export const MAX_TEMPLATE_BODY = 1024;
/** Far more than any approved template has; a bound so a body cannot ask for thousands of fields. */
export const MAX_TEMPLATE_PARAMETERS = 100;
/** One parameter's value; the filled-in body must also fit a WhatsApp message (4096). */
export const MAX_PARAMETER_LENGTH = 1024;
export const MAX_RENDERED_LENGTH = MAX_TEXT_LENGTH.whatsapp;

/** What lists and the API show of a template. `numbers`: our WhatsApp numbers it may be sent from. */
export type TemplateEntry = {
  id: number;
  name: string;
  locale: string;
  body: string;
  parameterCount: number;
  numbers: string[];
  updatedAt: string;
};

export type TemplateInput = { name: string; locale: string; body: string };

export type TemplateCheck =
  | { ok: true; name: string; locale: string; body: string; parameterCount: number }
  | { ok: false; fieldErrors: Record<string, string> };

const NAME = /^[a-z0-9_]+$/;
const LOCALE = /^([a-z]{2,3})(?:_([a-z]{2}))?$/i;
/** A parameter as WhatsApp writes it: {{1}}, {{2}} … (no spaces, no leading zero). */
const PARAMETER = /\{\{([1-9]\d{0,2})\}\}/g;

/** Why a name is not a WhatsApp template name, or null. Names are compared exactly, as Meta does. */
export function nameProblem(name: string): string | null {
  if (!name) return "Give the template's name as it is in WhatsApp Manager, e.g. appointment_reminder.";
  if (name.length > MAX_TEMPLATE_NAME) return `A template name can be at most ${MAX_TEMPLATE_NAME} characters.`;
  if (!NAME.test(name)) {
    return "Use lowercase letters, digits and underscores only, exactly as the template is named in WhatsApp Manager (e.g. appointment_reminder).";
  }
  return null;
}

/**
 * WhatsApp's language code in its canonical form — "en", "en_GB", "pt_BR", "fil" — or null
 * when the input does not have that shape. "EN-gb" is read as "en_GB".
 */
export function normaliseLocale(input: string): string | null {
  const match = LOCALE.exec(input.trim().replace("-", "_"));
  if (!match) return null;
  return match[2] ? `${match[1]!.toLowerCase()}_${match[2].toUpperCase()}` : match[1]!.toLowerCase();
}

export type BodyParameters = { ok: true; count: number } | { ok: false; error: string };

/**
 * The parameters a body takes: {{1}} … {{n}}, numbered from 1 without gaps (one may appear
 * more than once). Braces that are not such a parameter ({{name}}, {{ 1 }}, {{1}) are refused,
 * since WhatsApp would send them as typed or not at all.
 */
export function bodyParameters(body: string): BodyParameters {
  const used = new Set<number>();
  for (const match of body.matchAll(PARAMETER)) used.add(Number(match[1]));
  const rest = body.replace(PARAMETER, "");
  const stray = /\{\{[^{}]{0,20}\}?\}?|\}\}/.exec(rest);
  if (stray) {
    return { ok: false, error: `“${stray[0]}” is not a parameter: write them as {{1}}, {{2}} … numbered from 1.` };
  }
  const count = used.size === 0 ? 0 : Math.max(...used);
  if (count > MAX_TEMPLATE_PARAMETERS) return { ok: false, error: `A template can have at most ${MAX_TEMPLATE_PARAMETERS} parameters.` };
  for (let n = 1; n <= count; n++) {
    if (!used.has(n)) {
      return { ok: false, error: `{{${count}}} is used but {{${n}}} is missing: number the parameters {{1}}, {{2}} … without gaps.` };
    }
  }
  return { ok: true, count };
}

/** Name, language code and body as stored: trimmed, the code in WhatsApp's form. */
export function checkTemplate(input: TemplateInput): TemplateCheck {
  const name = input.name.trim();
  const body = input.body.trim();
  const fieldErrors: Record<string, string> = {};
  const badName = nameProblem(name);
  if (badName) fieldErrors.name = badName;
  const locale = normaliseLocale(input.locale);
  if (!input.locale.trim()) fieldErrors.locale = "Give the template's language code, e.g. en, en_GB or pt_BR.";
  else if (!locale) fieldErrors.locale = "Write WhatsApp's language code: two or three lowercase letters, optionally _ and the country (en, en_GB, pt_BR).";
  let parameterCount = 0;
  if (!body) fieldErrors.body = "Write the template's body as approved, with {{1}}, {{2}} … where the parameters go.";
  else if (body.length > MAX_TEMPLATE_BODY) fieldErrors.body = `WhatsApp allows at most ${MAX_TEMPLATE_BODY} characters in a template's body (this one has ${body.length}).`;
  else {
    const parameters = bodyParameters(body);
    if (parameters.ok) parameterCount = parameters.count;
    else fieldErrors.body = parameters.error;
  }
  if (Object.keys(fieldErrors).length > 0 || !locale) return { ok: false, fieldErrors };
  return { ok: true, name, locale, body, parameterCount };
}

/** The field error when the (name, language) pair is taken. */
export function templateTakenError(name: string, locale: string): string {
  return `There is already a template named “${name}” in ${locale}: edit that one, or use another language code.`;
}

/**
 * Why one parameter's value cannot be sent, or null. WhatsApp refuses parameters with line
 * breaks, tabs or more than four spaces in a row; the value is trimmed first.
 */
export function parameterProblem(value: string, position: number): string | null {
  const trimmed = value.trim();
  if (!trimmed) return `Fill in {{${position}}}.`;
  if (/[\r\n\t\u2028\u2029]/.test(trimmed)) return `{{${position}}} cannot hold line breaks or tabs: WhatsApp refuses them in parameters.`;
  if (/ {5,}/.test(trimmed)) return `{{${position}}} cannot hold more than four spaces in a row: WhatsApp refuses them in parameters.`;
  if (trimmed.length > MAX_PARAMETER_LENGTH) return `{{${position}}} can be at most ${MAX_PARAMETER_LENGTH} characters (it has ${trimmed.length}).`;
  return null;
}

export type FilledTemplate =
  | { ok: true; parameters: string[]; text: string }
  /** `parameters[i]` is the problem of {{i+1}}; `error` sums them up in one sentence. */
  | { ok: false; error: string; parameters: Array<string | null> };

/**
 * The body with its parameters filled in, as sent and as the case shows it — or why it cannot
 * be sent: a parameter missing or refused, too many given, or the result too long.
 */
export function fillTemplate(body: string, values: readonly string[]): FilledTemplate {
  const expected = bodyParameters(body);
  const count = expected.ok ? expected.count : 0;
  const problems = Array.from({ length: count }, (_, i) => parameterProblem(values[i] ?? "", i + 1));
  const first = problems.find((p) => p !== null);
  if (first) {
    const missing = problems.filter((p) => p !== null).length;
    return { ok: false, error: missing > 1 ? `${first} (${missing} parameters need attention.)` : first, parameters: problems };
  }
  if (values.length > count) {
    const takes = count === 0 ? "takes no parameters" : `takes ${count} parameter${count === 1 ? "" : "s"} ({{1}}${count > 1 ? `…{{${count}}}` : ""})`;
    return { ok: false, error: `This template ${takes}; ${values.length} were given.`, parameters: problems };
  }
  const parameters = values.slice(0, count).map((v) => v.trim());
  const text = renderTemplate(body, parameters);
  if (text.length > MAX_RENDERED_LENGTH) {
    return { ok: false, error: `Filled in, the message has ${text.length} characters: WhatsApp takes at most ${MAX_RENDERED_LENGTH}.`, parameters: problems };
  }
  return { ok: true, parameters, text };
}

/** The body with {{n}} replaced by the n-th value; a parameter without a value stays as {{n}}. */
export function renderTemplate(body: string, values: readonly string[]): string {
  return body.replace(PARAMETER, (whole, n: string) => values[Number(n) - 1] ?? whole);
}

export type PreviewPart = { text: string } | { parameter: number; value: string | null };

/** The body cut at its parameters, for a preview that marks where each value goes. */
export function previewParts(body: string, values: readonly string[]): PreviewPart[] {
  const parts: PreviewPart[] = [];
  let at = 0;
  for (const match of body.matchAll(PARAMETER)) {
    if (match.index > at) parts.push({ text: body.slice(at, match.index) });
    const n = Number(match[1]);
    const value = values[n - 1]?.trim();
    parts.push({ parameter: n, value: value ? value : null });
    at = match.index + match[0].length;
  }
  if (at < body.length) parts.push({ text: body.slice(at) });
  return parts;
}
