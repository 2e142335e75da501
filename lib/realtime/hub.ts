// One LISTEN per app process, fanned out to that process's server-sent-event streams.
// postgres.js re-establishes the LISTEN connection by itself after a drop.
import "server-only";
import { SESSIONS_CHANNEL } from "@/lib/auth/sessions";
import { getSql } from "@/lib/db/client";
import { NOTIFICATIONS_CHANNEL } from "@/lib/notifications/write";
import { CHANGES_CHANNEL, parseChange, type CaseChange } from "./channel";

type Subscriber = {
  userId: number;
  surveys: "all" | ReadonlySet<number>;
  send: (change: CaseChange) => void;
  /** The user's notifications changed (a new one, or read elsewhere): their bell refreshes. */
  notifications?: () => void;
  /** The user's sessions ended (sign-out, new password, deactivation, role or access change). */
  end: () => void;
};

type Hub = { subscribers: Set<Subscriber>; channels: Map<string, Promise<unknown>> };

const globalForHub = globalThis as unknown as { caselineHub?: Hub };
const hub: Hub = (globalForHub.caselineHub ??= { subscribers: new Set(), channels: new Map() });
hub.channels ??= new Map(); // a hub cached by an older version of this module (dev hot reload)

const HANDLERS: Record<string, (payload: string) => void> = {
  [CHANGES_CHANNEL]: (payload) => {
    const change = parseChange(payload);
    if (!change) return;
    for (const subscriber of hub.subscribers) {
      if (subscriber.surveys === "all" || subscriber.surveys.has(change.surveyId)) subscriber.send(change);
    }
  },
  // SPEC §13: the payload is the recipient's id; only that user's streams hear of it.
  [NOTIFICATIONS_CHANNEL]: (payload) => {
    const userId = Number(payload);
    for (const subscriber of hub.subscribers) if (subscriber.userId === userId) subscriber.notifications?.();
  },
  // Committed with the change that ended them, so a stream stops within moments of it, on
  // every app process — before any event of a survey the user may no longer see.
  [SESSIONS_CHANNEL]: (payload) => {
    const userId = Number(payload);
    for (const subscriber of hub.subscribers) if (subscriber.userId === userId) subscriber.end();
  },
};

/** Each channel is listened to once per process; one that failed is tried again alone. */
function ensureListening(): Promise<unknown> {
  return Promise.all(
    Object.entries(HANDLERS).map(([channel, handler]) => {
      let listening = hub.channels.get(channel);
      if (!listening) {
        listening = getSql()
          .listen(channel, handler)
          .catch((error) => {
            console.error(`Live updates: LISTEN ${channel} failed:`, error instanceof Error ? error.message : error);
            hub.channels.delete(channel); // the next subscriber tries again
            throw error;
          });
        listening.catch(() => {}); // awaited by listening(); never an unhandled rejection
        hub.channels.set(channel, listening);
      }
      return listening;
    }),
  );
}

/**
 * Delivers committed case changes of the given surveys, and the user's notification changes,
 * until the returned function is called.
 */
export function subscribeToChanges(subscriber: Subscriber): () => void {
  ensureListening().catch(() => {});
  hub.subscribers.add(subscriber);
  return () => hub.subscribers.delete(subscriber);
}

/** Resolves once this process listens; rejects if it cannot (the stream then fails and retries). */
export async function listening(): Promise<void> {
  await ensureListening();
}
