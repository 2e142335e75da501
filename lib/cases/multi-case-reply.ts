import { formatReference } from "./references";

export const AUTO_REPLY_INTERVAL_MS = 10 * 60 * 1000;

export type OpenCaseSummary = { id: number; title: string };

/**
 * The automatic reply for a number with several open cases: %s1 = how many, %s2 = the list
 * "#123: Appointment request, #124: Question about hours", oldest first.
 */
export function fillMultiCaseReply(template: string, openCases: OpenCaseSummary[]): string {
  const ordered = [...openCases].sort((a, b) => a.id - b.id);
  const list = ordered.map((c) => `${formatReference(c.id)}: ${c.title}`).join(", ");
  // One pass, so a case title that itself contains "%s1" is not replaced again.
  return template.replace(/%s([12])/g, (_, which: string) => (which === "1" ? String(ordered.length) : list));
}

/** At most one automatic reply per their-number per 10 minutes, so two bots cannot loop. */
export function mayAutoReply(lastAutoReplyAt: Date | null, now: Date): boolean {
  return !lastAutoReplyAt || now.getTime() - lastAutoReplyAt.getTime() >= AUTO_REPLY_INTERVAL_MS;
}
