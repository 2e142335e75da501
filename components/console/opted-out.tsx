"use client";

// SPEC §12 in the case view: the header's Opted out badge, and why the composer and the Send
// notification dialog cannot reply (the server refuses too, with the same reason).
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseDetail } from "@/lib/cases/read-queries";
import { formatFullTime, formatNumber } from "@/lib/display/format";

type OptedOut = NonNullable<CaseDetail["optedOut"]>;

export function OptedOutBadge({ optedOut }: { optedOut: OptedOut }) {
  return (
    <span
      className="inline-flex flex-wrap items-center gap-1.5"
      data-testid="opted-out"
      title={`They texted ${optedOut.keyword} on ${formatFullTime(optedOut.since)}: nothing can be sent to them from this number until they text START.`}
    >
      <Badge tone="rose">Opted out</Badge>
      <span className="text-xs text-rose-700">
        {optedOut.keyword} · since <LocalTime iso={optedOut.since} />
      </span>
    </span>
  );
}

/** Why no reply can go out, in words (and how it can change). */
export function OptedOutNotice({ theirNumber, optedOut, compact = false }: { theirNumber: string | null; optedOut: OptedOut; compact?: boolean }) {
  return (
    <p
      role="note"
      data-testid="opted-out-notice"
      className={`rounded-md bg-rose-50 text-rose-900 ring-1 ring-inset ring-rose-200 ${compact ? "px-3 py-1.5 text-xs" : "px-3 py-2 text-sm"}`}
    >
      {formatNumber(theirNumber)} opted out of messages from this number ({optedOut.keyword} on <LocalTime iso={optedOut.since} variant="full" />
      ): replies cannot be sent. They can text START to opt back in.
    </p>
  );
}
