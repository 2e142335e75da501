// What a notification says, in words (pure: the bell, the browser's notification and tests
// share it). The email helper words its own mails.
import type { NotificationKind } from "@/lib/db/schema";

export type NotificationFacts = {
  kind: NotificationKind;
  case: { reference: string; title: string };
  actor: { name: string } | null;
  data: Record<string, unknown>;
};

/** "Ada Admin assigned #12 to you", "Ada Admin mentioned you in #12", … */
export function notificationHeadline({ kind, case: c, actor, data }: NotificationFacts): string {
  const who = actor?.name || "Someone";
  switch (kind) {
    case "assigned":
      return `${who} assigned ${c.reference} to you`;
    case "mentioned":
      return `${who} mentioned you in ${c.reference}`;
    case "new_message":
      return `New message in ${c.reference}`;
    case "sla_breached":
      return `${breachLabel(data.kind)} overdue on ${c.reference}`;
  }
}

function breachLabel(kind: unknown): string {
  if (kind === "first_response") return "First response";
  if (kind === "next_response") return "Next response";
  return "Response";
}

/** The count on the bell: "9+" beyond nine, nothing at zero. */
export function unreadBadge(count: number): string | null {
  if (count <= 0) return null;
  return count > 9 ? "9+" : String(count);
}

/**
 * The notifications to announce through the browser: unread ones newer than the newest seen
 * before (`seenUpTo`, null before the first load — then nothing, so a page load does not
 * replay old ones). Oldest first, as they happened.
 */
export function freshNotifications<T extends { id: number; readAt: string | null }>(items: readonly T[], seenUpTo: number | null): T[] {
  if (seenUpTo === null) return [];
  return items.filter((item) => item.id > seenUpTo && item.readAt === null).sort((a, b) => a.id - b.id);
}
