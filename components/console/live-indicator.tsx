import type { LiveState } from "./use-live-updates";

const LABEL: Record<LiveState, string> = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" };

export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" role="status" aria-live="polite">
      <span
        aria-hidden
        className={`h-2 w-2 rounded-full ${state === "live" ? "bg-emerald-500" : state === "reconnecting" ? "bg-amber-500" : "bg-slate-300"}`}
      />
      {LABEL[state]}
    </span>
  );
}
