// How many CSV exports may run at once in this process. Each export holds one of the
// process's transaction slots (lib/db/transaction.ts, DATABASE_POOL_SIZE) for as long as the
// client downloads, so without a cap a few slow downloads would take every slot and stall
// every other transaction — inbound webhooks included. At most MAX_EXPORTS at once in the
// process and MAX_EXPORTS_PER_USER per user; more are refused (429 with Retry-After) before
// anything is read or written. A slot is given back once: when the download ends, fails, or
// the client goes away.
import { AppError } from "@/lib/http/app-error";

export const MAX_EXPORTS = 2;
export const MAX_EXPORTS_PER_USER = 1;
/** Seconds a refused client is told to wait: a typical export takes a few seconds. */
export const EXPORT_RETRY_AFTER_SECONDS = 10;

export type ExportLimiter = {
  /** A slot for `userId`, or an AppError (429) when none is free. The release runs once. */
  acquire: (userId: number) => () => void;
  /** Exports running now (for tests and diagnostics). */
  running: () => number;
};

export function createExportLimiter(max = MAX_EXPORTS, perUser = MAX_EXPORTS_PER_USER, retryAfter = EXPORT_RETRY_AFTER_SECONDS): ExportLimiter {
  let total = 0;
  const byUser = new Map<number, number>();
  const refuse = (message: string) => new AppError("too_many_requests", `${message} Try again in ${retryAfter} s.`, { "Retry-After": String(retryAfter) });
  return {
    acquire(userId) {
      const mine = byUser.get(userId) ?? 0;
      if (mine >= perUser) throw refuse(`You already have ${perUser === 1 ? "an export" : `${mine} exports`} running: wait for it to finish.`);
      if (total >= max) throw refuse(`${max} exports are already running on this server.`);
      total += 1;
      byUser.set(userId, mine + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (byUser.get(userId) ?? 1) - 1;
        if (left > 0) byUser.set(userId, left);
        else byUser.delete(userId);
      };
    },
    running: () => total,
  };
}

/**
 * The process's limiter, shared by every export: kept on globalThis so the two route bundles
 * (and a dev server's reloaded modules) count against one limit.
 */
const shared = globalThis as typeof globalThis & { [key: symbol]: ExportLimiter | undefined };
const KEY = Symbol.for("caseline.exportLimiter");
export const exportLimiter: ExportLimiter = (shared[KEY] ??= createExportLimiter());
