// The service-level worker (system): the breach scan every 30 s and closing by time every
// 60 s (SPEC §13), on timers beside the other workers (scripts/serve.ts, scripts/worker.ts).
// Several instances may run it: both jobs take their cases with `skip locked`, so a case is
// notified or closed once. A run never overlaps the previous one of the same job.
import "server-only";
import { closeIdleCases } from "./auto-close";
import { scanBreaches } from "./breach-scan";

export type ServiceLevelWorker = { stop: () => Promise<void> };

export const BREACH_SCAN_EVERY_MS = 30_000;
export const AUTO_CLOSE_EVERY_MS = 60_000;

export function startServiceLevelWorker({
  log = (line) => console.log(`[service-levels] ${line}`),
  breachEveryMs = BREACH_SCAN_EVERY_MS,
  closeEveryMs = AUTO_CLOSE_EVERY_MS,
}: { log?: (line: string) => void; breachEveryMs?: number; closeEveryMs?: number } = {}): ServiceLevelWorker {
  const running = new Set<Promise<void>>();
  const every = (ms: number, name: string, job: () => Promise<number>, done: (count: number) => string) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const run = job()
        .then((count) => {
          if (count > 0) log(done(count));
        })
        .catch((error: unknown) => log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
    };
    const timer = setInterval(tick, ms);
    timer.unref();
    tick();
    return timer;
  };
  const timers = [
    every(breachEveryMs, "breach scan", () => scanBreaches(), (n) => `notified ${n} missed service level(s)`),
    every(closeEveryMs, "closing by time", () => closeIdleCases(), (n) => `closed ${n} case(s) without activity`),
  ];
  return {
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      // A run under way finishes (each batch is one statement: nothing is left half done).
      await Promise.all([...running]);
    },
  };
}
