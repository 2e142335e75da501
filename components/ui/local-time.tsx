"use client";

import { useSyncExternalStore } from "react";
import { formatFullTime, formatShortTime } from "@/lib/display/format";

const subscribe = () => () => {};

/**
 * A time in the reader's own time zone. The server renders it in UTC and the browser
 * re-renders it after hydration, so the two never disagree mid-hydration.
 */
export function LocalTime({ iso, variant = "short", className }: { iso: string; variant?: "short" | "full"; className?: string }) {
  const inBrowser = useSyncExternalStore(subscribe, () => true, () => false);
  const timeZone = inBrowser ? undefined : "UTC";
  const text = variant === "short" ? formatShortTime(iso, new Date(), timeZone) : formatFullTime(iso, timeZone);
  return (
    <time dateTime={iso} title={formatFullTime(iso, timeZone)} className={className}>
      {text}
    </time>
  );
}
