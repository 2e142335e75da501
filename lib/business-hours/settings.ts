// SPEC §13: a number link's business-hours settings, checked in one place for the form and
// the API. No time zone = always open (no out-of-hours reply, whatever else is set).
import type { BusinessHours } from "@/lib/db/schema";
import { canonicalTimeZone } from "./time-zone";
import { checkHours, parseWeekText, WEEKDAY_NAMES, type Weekday } from "./weekly-hours";

export const MAX_OUT_OF_HOURS_REPLY = 1000;

export type HoursSettings = { timeZone: string | null; businessHours: BusinessHours | null; outOfHoursReply: string };

/** `businessHours` in the stored shape (the API), or `dayTexts`: the form's line per weekday. */
export type HoursInput = { timeZone?: string | null; businessHours?: unknown; dayTexts?: Partial<Record<Weekday, string>>; outOfHoursReply?: string };

export type HoursCheck = { ok: true; settings: HoursSettings } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Field errors are keyed `timeZone`, `outOfHoursReply` and `hours1`…`hours7` (one per weekday,
 * shown beside its line in the form).
 */
export function checkHoursSettings(input: HoursInput): HoursCheck {
  const fieldErrors: Record<string, string> = {};
  const reply = (input.outOfHoursReply ?? "").trim();
  if (reply.length > MAX_OUT_OF_HOURS_REPLY) fieldErrors.outOfHoursReply = `The out-of-hours reply can be at most ${MAX_OUT_OF_HOURS_REPLY} characters.`;
  const zoneText = (input.timeZone ?? "").trim();
  if (!zoneText && input.businessHours != null && !input.dayTexts) {
    // The API sent hours for a link without a time zone: they would be dropped, so say so.
    fieldErrors.timeZone = "Weekly hours need a time zone (timeZone), such as Europe/London.";
    return { ok: false, fieldErrors };
  }
  if (!zoneText) {
    // Always open: the hours are not kept, so a half-filled form cannot start replying later.
    return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, settings: { timeZone: null, businessHours: null, outOfHoursReply: reply } };
  }
  const timeZone = canonicalTimeZone(zoneText);
  if (!timeZone) fieldErrors.timeZone = `“${zoneText}” is not a time zone: choose one like Europe/London or America/New_York.`;
  const hours = input.dayTexts ? parseWeekText(input.dayTexts) : checkHours(input.businessHours ?? {});
  if (!hours.ok) {
    for (const [day, error] of Object.entries(hours.errors)) fieldErrors[`hours${day}`] = `${WEEKDAY_NAMES[day as Weekday]}: ${error}`;
  }
  if (Object.keys(fieldErrors).length || !hours.ok) return { ok: false, fieldErrors };
  return { ok: true, settings: { timeZone, businessHours: hours.hours, outOfHoursReply: reply } };
}
