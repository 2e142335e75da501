// SPEC §13 service levels and closing by time, as pure rules (no I/O): what the settings may
// be, when a reply is due, whether a case is overdue, and which cases closing by time takes.
// The SQL that stores due times (lib/inbound/route-inbound.ts, lib/outbound/queue-reply.ts)
// applies these same rules; the comments there point here.

export const MINUTES_LIMIT = { min: 1, max: 60 * 24 * 30 } as const; // a minute to 30 days
export const AUTO_CLOSE_DAYS_LIMIT = { min: 1, max: 365 } as const;

/** A survey's settings; null = off. */
export type ServiceLevels = {
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  autoCloseDays: number | null;
};

export const SERVICE_LEVELS_OFF: ServiceLevels = { firstResponseMinutes: null, nextResponseMinutes: null, autoCloseDays: null };

export type DueKind = "first_response" | "next_response";
export type Due = { at: Date; kind: DueKind };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The field errors of settings (empty: valid). Whole numbers in range, or null (off). The
 * forms and the API parse text and JSON into numbers first; this is the one judge of range.
 */
export function checkServiceLevels(levels: ServiceLevels): Record<string, string> {
  const errors: Record<string, string> = {};
  const minutes = (value: number | null, field: keyof ServiceLevels, what: string) => {
    if (value === null) return;
    if (!Number.isInteger(value) || value < MINUTES_LIMIT.min || value > MINUTES_LIMIT.max) {
      errors[field] = `${what}: a whole number of minutes from ${MINUTES_LIMIT.min} to ${MINUTES_LIMIT.max} (30 days), or empty for none.`;
    }
  };
  minutes(levels.firstResponseMinutes, "firstResponseMinutes", "First response");
  minutes(levels.nextResponseMinutes, "nextResponseMinutes", "Next response");
  const days = levels.autoCloseDays;
  if (days !== null && (!Number.isInteger(days) || days < AUTO_CLOSE_DAYS_LIMIT.min || days > AUTO_CLOSE_DAYS_LIMIT.max)) {
    errors.autoCloseDays = `Close after: a whole number of days from ${AUTO_CLOSE_DAYS_LIMIT.min} to ${AUTO_CLOSE_DAYS_LIMIT.max}, or empty for never.`;
  }
  return errors;
}

/** A form field's text as a setting: empty = off (null); anything else must be digits. */
export function parseSettingText(text: string): number | null | "invalid" {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : "invalid";
}

/** A case created by a message: its first reply is due X minutes later (nothing when X is off). */
export function dueOnNewCase(levels: Pick<ServiceLevels, "firstResponseMinutes">, createdAt: Date): Due | null {
  if (levels.firstResponseMinutes === null) return null;
  return { at: new Date(createdAt.getTime() + levels.firstResponseMinutes * MINUTE), kind: "first_response" };
}

/** SPEC §13: past its due time a case is Overdue (due exactly now counts). */
export function isOverdue(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && dueAt.getTime() <= now.getTime();
}

/** Closing by time: a case whose last message is older than this closes (strictly older). */
export function autoCloseCutoff(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY);
}

/** "Reply due in 25 min" / "Overdue by 2 h 5 min", for the case view. */
export function describeDue(dueAt: Date, now: Date): { overdue: boolean; text: string } {
  const overdue = isOverdue(dueAt, now);
  const span = formatSpan(Math.abs(dueAt.getTime() - now.getTime()));
  return overdue ? { overdue, text: `Overdue by ${span}` } : { overdue, text: `Reply due in ${span}` };
}

/** A duration in words at minute precision: "less than a minute", "25 min", "2 h 5 min", "3 d 4 h". */
export function formatSpan(ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 1) return "less than a minute";
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** The history line of closing by time (SPEC §13). */
export function autoClosedText(days: number): string {
  return `Closed after ${days} day${days === 1 ? "" : "s"} without activity`;
}
