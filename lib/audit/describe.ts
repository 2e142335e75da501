// How an audit entry reads (Admin > Audit and the CSV export): the action in words and its
// before → after, one line per field. Pure and free of server code, so the page's client
// component and the export share it.
import { countLines, EMPTY_COUNTS, type PersonCounts } from "@/lib/privacy/counts";

/** Every action Caseline records, in words. Unknown actions (added later) show as they are. */
export const AUDIT_ACTIONS: Record<string, string> = {
  "case.updated": "Edited a case",
  "case.assigned": "Assigned a case",
  "case.message_moved": "Moved a message to a new case",
  "case.note_added": "Added a note",
  "reply.queued": "Sent a reply",
  "reply.retried": "Sent a failed reply again",
  "media.retried": "Fetched a file that could not be saved again",
  "user.created": "Created a user",
  "user.updated": "Changed a user",
  "user.deactivated": "Deactivated a user",
  "user.activated": "Activated a user",
  "user.password_reset": "Reset a password",
  "user.access_changed": "Changed survey access",
  "number_link.created": "Linked a number",
  "number_link.updated": "Changed a number link",
  "number_link.deleted": "Removed a number link",
  "survey.created": "Created a survey",
  "survey.renamed": "Renamed a survey",
  "survey.archived": "Archived a survey",
  "survey.unarchived": "Restored a survey",
  "survey.question_added": "Added a question",
  "survey.question_changed": "Changed a question",
  "survey.question_moved": "Moved a question",
  "survey.question_removed": "Removed a question",
  "survey.case_settings_changed": "Changed case settings",
  "survey.service_levels_changed": "Changed service levels",
  "settings.server_changed": "Changed Settings > Server",
  "inbound.processed_again": "Processed waiting messages again",
  "token.created": "Created an API token",
  "token.revoked": "Revoked an API token",
  "person.exported": "Exported a person's data",
  "cases.exported": "Exported cases as CSV",
  "messages.exported": "Exported messages as CSV",
  "person.erased": "Erased a person",
  "webhook.created": "Added a webhook endpoint",
  "webhook.updated": "Changed a webhook endpoint",
  "webhook.enabled": "Turned a webhook endpoint on",
  "webhook.disabled": "Turned a webhook endpoint off",
  "webhook.deleted": "Deleted a webhook endpoint",
  "webhook.delivery_resent": "Sent a webhook delivery again",
  "canned_reply.created": "Added a canned reply",
  "canned_reply.updated": "Changed a canned reply",
  "canned_reply.deleted": "Deleted a canned reply",
  "template.created": "Added a WhatsApp template",
  "template.updated": "Changed a WhatsApp template",
  "template.deleted": "Deleted a WhatsApp template",
};

export function describeAction(action: string): string {
  return AUDIT_ACTIONS[action] ?? action;
}

const FIELD_LABELS: Record<string, string> = {
  title: "Title",
  notes: "Notes",
  open: "Open",
  answers: "Answer",
  status: "Status",
  email: "Email",
  name: "Name",
  role: "Role",
  active: "Active",
  password: "Password",
  surveyIds: "Surveys",
  ourNumber: "Our number",
  channel: "Channel",
  surveyId: "Survey",
  description: "Description",
  multiCaseReply: "Multi-case reply",
  label: "Label",
  type: "Type",
  choices: "Choices",
  required: "Required",
  position: "Position",
  statusQuestionId: "Status question",
  closingValue: "Closing value",
  defaultStatus: "Default status",
  firstResponseMinutes: "First response (minutes)",
  nextResponseMinutes: "Next response (minutes)",
  autoCloseDays: "Close after (days)",
  provider: "Provider",
  applicationId: "Application ID",
  apiHost: "API host",
  privateKey: "Private key",
  webhookSecret: "Webhook secret",
  messageId: "Message",
  newCaseId: "New case",
  comment: "Comment",
  caseIds: "Cases",
  errorCode: "Error",
  errorDetail: "Error detail",
  routed: "Routed",
  stillWaiting: "Still waiting",
  number: "Number",
  erased: "Content",
  tokenId: "Token",
  prefix: "Token prefix",
  expiresAt: "Expires",
  casesEnabled: "Cases on",
  url: "URL",
  events: "Events",
  disabledReason: "Why off",
  deliveryId: "Delivery",
  eventId: "Event id",
  eventType: "Event",
  note: "Note",
  mentions: "Mentioned",
  text: "Text",
  locale: "Language",
  body: "Body",
  numbers: "Numbers",
  template: "Template",
};

export function fieldLabel(path: string): string {
  const [head, ...rest] = path.split(".");
  const label = FIELD_LABELS[head!] ?? head!;
  return rest.length ? `${label} “${rest.join(".")}”` : label;
}

/** A recorded value as text: "—" for none, yes/no, lists joined, anything else as JSON. */
export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) return value.length ? value.map(formatAuditValue).join(", ") : "none";
  return JSON.stringify(value);
}

export type AuditChange = { field: string; before: string | null; after: string | null };

/**
 * One line per field: "Title: Old → New". Objects (a case's answers) are flattened one level
 * ("Answer “status”"). A side that was not recorded is null (shown as the other side alone:
 * a secret reads "Webhook secret: changed").
 */
export function describeChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditChange[] {
  const flat = (snapshot: Record<string, unknown> | null) => {
    const out = new Map<string, unknown>();
    for (const [key, value] of Object.entries(snapshot ?? {})) {
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        for (const [inner, v] of Object.entries(value)) out.set(`${key}.${inner}`, v);
      } else out.set(key, value);
    }
    return out;
  };
  const b = flat(before);
  const a = flat(after);
  const fields = [...new Set([...b.keys(), ...a.keys()])];
  return fields.map((field) => ({
    field: fieldLabel(field),
    before: before && b.has(field) ? formatAuditValue(b.get(field)) : null,
    after: after && a.has(field) ? formatAuditValue(a.get(field)) : null,
  }));
}

export type EntryDetails = { kind: "changes"; changes: AuditChange[] } | { kind: "text"; lines: string[] };

/**
 * What an entry shows under its action: its changes, or — for an entry about an erased
 * person (counts only) or one whose details went with an erased person — sentences.
 */
export function entryDetails(action: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): EntryDetails {
  if (before === null && after?.erased === true) return { kind: "text", lines: ["Details removed when the person was erased."] };
  if (action === "person.erased" || action === "person.exported") {
    const counts = { ...EMPTY_COUNTS, ...(after as Partial<PersonCounts> | null) };
    const lines = countLines(counts)
      .filter((line) => line.count > 0)
      .map((line) => line.text);
    return { kind: "text", lines: lines.length ? lines : ["Nothing of that number was found."] };
  }
  return { kind: "changes", changes: describeChanges(before, after) };
}

/** The same as one line of text (the CSV's "changes" column). */
export function entryDetailsText(action: string, before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const details = entryDetails(action, before, after);
  if (details.kind === "text") return details.lines.join("; ");
  return details.changes
    .map((c) => `${c.field}: ${c.before === null ? c.after : c.after === null ? `was ${c.before}` : `${c.before} → ${c.after}`}`)
    .join("; ");
}

/** What an entry was about when it is not a case: "user:12" → that user's name, "person:+44 •• 23" → the masked number. */
export function describeTarget(target: string | null, userNames: ReadonlyMap<number, string> = new Map()): string | null {
  if (!target) return null;
  const [kind, rest = ""] = target.split(/:(.*)/s, 2) as [string, string?];
  const id = /^\d+$/.test(rest) ? Number(rest) : null;
  switch (kind) {
    case "user":
      return id !== null ? (userNames.get(id) ?? `User ${id}`) : target;
    case "person":
      return `Person ${rest}`;
    case "message":
      return `Message ${rest}`;
    case "number_link":
      return `Number link ${rest}`;
    case "question":
      return `Question ${rest}`;
    case "server_settings":
      return "Settings > Server";
    case "webhook":
      return `Webhook endpoint ${rest}`;
    case "canned_reply":
      return `Canned reply ${rest}`;
    case "whatsapp_template":
      return `WhatsApp template ${rest}`;
    default:
      return target;
  }
}
