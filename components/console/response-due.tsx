"use client";

// SPEC §13: when the case's reply is due, as "Reply due in 25 min" or "Overdue by 2 h", kept
// current while the case is open on screen.
import { useSyncExternalStore } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { describeDue, type DueKind } from "@/lib/service-levels/rules";

const TICK_MS = 30_000;

// One clock for every such line on the page, read afresh on each tick (and when a line
// appears), and the same between ticks, as useSyncExternalStore wants.
let current = Date.now();
function subscribe(onChange: () => void) {
  const tick = () => {
    current = Date.now();
    onChange();
  };
  tick();
  const timer = setInterval(tick, TICK_MS);
  return () => clearInterval(timer);
}
const clock = () => current;
// On the server (and while hydrating) nothing relative is shown: the two clocks differ.
const noClock = () => null;

const LEVELS: Record<DueKind, string> = { first_response: "first response", next_response: "next response" };

export function ResponseDue({ dueAt, kind }: { dueAt: string; kind: DueKind | null }) {
  const now = useSyncExternalStore(subscribe, clock, noClock);
  if (now === null) return null;
  const due = describeDue(new Date(dueAt), new Date(now));
  return (
    <span
      data-testid="response-due"
      className={`inline-flex items-center gap-1 text-xs ${due.overdue ? "font-medium text-rose-700" : "text-slate-600"}`}
      title={kind ? `Service level: ${LEVELS[kind]}` : undefined}
    >
      {due.text}{" "}
      <span className="text-slate-500">
        (<LocalTime iso={dueAt} />)
      </span>
    </span>
  );
}
