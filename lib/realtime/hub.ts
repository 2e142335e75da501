// One LISTEN per app process, fanned out to that process's server-sent-event streams.
// postgres.js re-establishes the LISTEN connection by itself after a drop.
import "server-only";
import { SESSIONS_CHANNEL } from "@/lib/auth/sessions";
import { getSql } from "@/lib/db/client";
import { CHANGES_CHANNEL, parseChange, type CaseChange } from "./channel";

type Subscriber = {
  userId: number;
  surveys: "all" | ReadonlySet<number>;
  send: (change: CaseChange) => void;
  /** The user's sessions ended (sign-out, new password, deactivation, role or access change). */
  end: () => void;
};

type Hub = { subscribers: Set<Subscriber>; listening: Promise<unknown> | null };

const globalForHub = globalThis as unknown as { caselineHub?: Hub };
const hub: Hub = (globalForHub.caselineHub ??= { subscribers: new Set(), listening: null });

function ensureListening() {
  const sql = getSql();
  hub.listening ??= Promise.all([
    sql.listen(CHANGES_CHANNEL, (payload) => {
      const change = parseChange(payload);
      if (!change) return;
      for (const subscriber of hub.subscribers) {
        if (subscriber.surveys === "all" || subscriber.surveys.has(change.surveyId)) subscriber.send(change);
      }
    }),
    // Committed with the change that ended them, so a stream stops within moments of it,
    // on every app process — before any event of a survey the user may no longer see.
    sql.listen(SESSIONS_CHANNEL, (payload) => {
      const userId = Number(payload);
      for (const subscriber of hub.subscribers) if (subscriber.userId === userId) subscriber.end();
    }),
  ]).catch((error) => {
    console.error("Live updates: LISTEN failed:", error instanceof Error ? error.message : error);
    hub.listening = null; // the next subscriber tries again
    throw error;
  });
  hub.listening.catch(() => {}); // awaited by listening(); never an unhandled rejection
}

/** Delivers committed case changes of the given surveys until the returned function is called. */
export function subscribeToChanges(subscriber: Subscriber): () => void {
  ensureListening();
  hub.subscribers.add(subscriber);
  return () => hub.subscribers.delete(subscriber);
}

/** Resolves once this process listens; rejects if it cannot (the stream then fails and retries). */
export async function listening(): Promise<void> {
  ensureListening();
  await hub.listening;
}
