// Display helpers shared by the console's components (pure).

export function formatNumber(number: string | null | undefined): string {
  if (!number) return "—";
  return /^\d{7,15}$/.test(number) ? `+${number}` : number;
}

export function channelLabel(channel: string | null | undefined): string {
  switch (channel) {
    case "whatsapp":
      return "WhatsApp";
    case "mms":
      return "MMS";
    case "sms":
      return "SMS";
    default:
      return "—";
  }
}

/** "14:05" today, "Mon 14:05" this week, "3 Jan" this year, "3 Jan 2024" before. */
export function formatShortTime(iso: string, now: Date, timeZone?: string): string {
  const date = new Date(iso);
  const sameDay = date.toLocaleDateString("en-GB", { timeZone }) === now.toLocaleDateString("en-GB", { timeZone });
  if (sameDay) return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (days >= 0 && days < 6) {
    return date.toLocaleString("en-GB", { weekday: "short", hour: "2-digit", minute: "2-digit", timeZone });
  }
  const sameYear = date.toLocaleDateString("en-GB", { year: "numeric", timeZone }) === now.toLocaleDateString("en-GB", { year: "numeric", timeZone });
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", ...(sameYear ? {} : { year: "numeric" }), timeZone });
}

export function formatFullTime(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  });
}

/** How the thread names an automatic message, by its kind (messages.automatic_kind). */
export function automaticLabel(kind: string | null | undefined): string {
  switch (kind) {
    case "opt_out_confirmation":
      return "Opt-out confirmation";
    case "help":
      return "Answer to HELP";
    case "out_of_hours":
      return "Out-of-hours reply";
    default:
      return "Automatic reply";
  }
}

export const STATUS_LABELS: Record<string, string> = {
  received: "Received",
  queued: "Queued",
  submitted: "Sent",
  delivered: "Delivered",
  read: "Read",
  rejected: "Rejected",
  undeliverable: "Undeliverable",
  failed: "Failed",
};

/**
 * Text from outside as staff read it: the invisible characters that force a direction (an
 * override such as U+202E makes "gnp.exe" read "exe.png") are shown as what they are, so they
 * can neither disguise the text nor reorder what follows. Each text is isolated on screen too
 * (dir="auto", <bdi>).
 */
export function showDirectionControls(text: string): string {
  return text.replace(/[\u202A-\u202E\u2066-\u2069]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
}

/** "Ada Lovelace" → "AL" (a person's initials in a small circle); "?" when there is no name. */
export function initialsOf(name: string): string {
  return (
    name
      .split(/[\s@.]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]!.toUpperCase())
      .join("") || "?"
  );
}
