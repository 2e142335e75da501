// The one way to run a transaction: `transaction(async (tx, finish) => …)`.
//
// Why not postgres.js's own `sql.begin()` / `sql.reserve()` (and so not drizzle's
// `db.transaction`, which uses begin): in postgres.js 3.4.9 a connection whose backend dies
// inside them wedges the pool — later queries hang, /api/health stays 503, and a write on
// the dead socket throws an uncaughtException (porsager/postgres #1208, #1199, #1195, #1189).
// Plain queries recover. So each transaction runs on a client of its own with a single
// connection (a "slot"), using plain queries only: BEGIN, the work, COMMIT.
//
// One connection per slot makes every statement of a transaction go to the same backend —
// as long as that backend lives. If it dies, postgres.js would quietly open a new
// connection for the next statement, outside the transaction. Two rules prevent that:
//   - every close of a slot's connection bumps its `generation`; a statement issued inside a
//     transaction that began on an older generation is refused (never reaches PostgreSQL),
//     and so is the COMMIT — the transaction fails as a whole, as PostgreSQL already rolled
//     it back;
//   - BEGIN is pipelined with the first statement (one round trip fewer; measured in
//     bench:inbound) only while the slot's connection is known to be open. After a close
//     (or on a slot's first use) BEGIN is sent alone and awaited, so a failed connect can
//     never leave the first statement queued for a later connection.
// COMMIT can also be pipelined with the last statement (`finish(last)`); COMMIT's own
// answer is checked: PostgreSQL answers ROLLBACK to a COMMIT after a failed statement,
// even one whose error was caught, and that throws instead of passing for success.
import "server-only";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import type { Database } from "./client";
import * as schema from "./schema";

/** A transaction: drizzle's builder on the transaction's connection; `tx.$client` for raw SQL. */
export type Tx = Database;
/**
 * Sends the transaction's last statement together with COMMIT and returns its result. Give
 * it a raw query (`tx.$client\`…\``), which starts when awaited, so it leaves before COMMIT.
 */
export type Finish = <T>(last: PromiseLike<T>) => Promise<T>;

export class NotCommittedError extends Error {
  constructor(command: string) {
    super(`The transaction was not committed (PostgreSQL answered ${command} to COMMIT).`);
    this.name = "NotCommittedError";
  }
}

/** Like postgres.js's own error for a lost connection, so callers treat both alike. */
export class ConnectionLostError extends Error {
  readonly code = "CONNECTION_CLOSED";
  constructor() {
    super("The database connection was lost during the transaction; none of it was kept.");
    this.name = "ConnectionLostError";
  }
}

type Slot = {
  sql: postgres.Sql;
  /** The generation on which PostgreSQL said "there is no transaction in progress" (25P01). */
  noTransactionNotice: number | null;
  tx: Tx;
  /** Bumped each time the slot's connection closes. */
  generation: number;
  /** The generation whose connection is known to be open (a BEGIN succeeded on it). */
  openGeneration: number | null;
  /** The generation the running transaction began on; null between transactions. */
  inTransaction: number | null;
};

export type SlotPool = { run: <T>(work: (tx: Tx, finish: Finish) => Promise<T>) => Promise<T>; end: () => Promise<void> };

/** `size` single-connection clients for transactions, shared by the whole process. */
export function createSlotPool(url: string, size: number): SlotPool {
  const idle: Slot[] = [];
  const waiting: Array<(slot: Slot) => void> = [];
  const all: Slot[] = [];

  function createSlot(): Slot {
    const slot = { generation: 0, openGeneration: null, inTransaction: null, noTransactionNotice: null } as unknown as Slot;
    slot.sql = postgres(url, {
      max: 1,
      // A COMMIT that reached a connection outside any transaction answers "COMMIT" with this
      // warning: it committed nothing, and must not pass for success.
      onnotice: (notice) => {
        if (notice.code === "25P01") slot.noTransactionNotice = slot.generation;
      },
      connect_timeout: 5,
      backoff: reconnectDelaySeconds,
      // Never close the connection on a timer of postgres.js's own: a close it starts while a
      // statement runs is only seen (and the generation bumped) a round trip later, and a
      // statement issued in between would be replayed on a new connection, outside the
      // transaction. (The default max_lifetime closes connections after 30–60 minutes.)
      max_lifetime: 0,
      idle_timeout: 0,
      onclose: () => {
        slot.generation++;
      },
      // A process that stops mid-transaction (a hung request, a debugger) must not hold
      // its locks for ever: PostgreSQL ends such a session after a minute.
      connection: { idle_in_transaction_session_timeout: 60_000 },
    });
    // The guard of the rules above: statements of a transaction reach the connection only
    // while it is the one the transaction began on.
    const check = () => {
      if (slot.inTransaction !== null && slot.inTransaction !== slot.generation) throw new ConnectionLostError();
    };
    const guarded = new Proxy(slot.sql, {
      apply(target, self, args) {
        check();
        return Reflect.apply(target, self, args);
      },
      get(target, property, receiver) {
        if (property === "unsafe") {
          return (...args: Parameters<postgres.Sql["unsafe"]>) => {
            check();
            return target.unsafe(...args);
          };
        }
        return Reflect.get(target, property, receiver);
      },
    });
    slot.tx = drizzle(guarded, { schema });
    all.push(slot);
    return slot;
  }

  async function acquire(): Promise<Slot> {
    const slot = idle.pop();
    if (slot) return slot;
    if (all.length < size) return createSlot();
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(slot: Slot) {
    slot.inTransaction = null;
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  }

  async function runOn<T>(slot: Slot, work: (tx: Tx, finish: Finish) => Promise<T>): Promise<T> {
    const generation = slot.generation;
    slot.noTransactionNotice = null;
    const raw = slot.tx.$client;
    let begin: Promise<unknown>;
    if (slot.openGeneration === generation) {
      slot.inTransaction = generation;
      begin = raw`begin`.execute();
      begin.catch(() => {}); // its error, if any, surfaces through the first statement too
    } else {
      await slot.sql`begin`; // connects if need be; nothing else is queued behind it
      slot.openGeneration = generation;
      slot.inTransaction = generation; // a close since then makes the next statement fail
      begin = Promise.resolve();
    }

    let commitSent = false;
    // Created only now, so the guard refuses it if the connection was replaced meanwhile.
    const commitQuery = () => {
      const query = raw`commit`;
      commitSent = true;
      return query;
    };
    const committedHere = (result: postgres.RowList<postgres.Row[]>) => {
      assertCommitted(result);
      if (slot.noTransactionNotice !== null) throw new NotCommittedError("COMMIT outside a transaction");
    };
    const finish: Finish = async (last) => {
      const commit = commitQuery();
      // Promise.all starts them in this order: the last statement, then COMMIT, one packet.
      const [result, committed] = await Promise.all([last, commit, begin]);
      committedHere(committed);
      return result;
    };
    try {
      const result = await work(slot.tx, finish);
      if (!commitSent) committedHere(await commitQuery());
      return result;
    } catch (error) {
      // After a lost connection there is nothing to roll back: PostgreSQL did it.
      if (!commitSent && slot.generation === generation) await raw`rollback`.catch(() => {});
      throw error;
    }
  }

  return {
    async run(work) {
      const slot = await acquire();
      try {
        return await runOn(slot, work);
      } finally {
        release(slot);
      }
    },
    async end() {
      await Promise.all(all.map((slot) => slot.sql.end({ timeout: 5 })));
    },
  };
}

/**
 * How long postgres.js waits before connecting again after a failed attempt. Its default
 * grows to 20 s, shared by a pool's connections: after an outage of a few seconds, queries
 * then waited 10–20 s for a connection. 50 ms doubling, at most 2 s: back within seconds.
 */
export function reconnectDelaySeconds(failures: number): number {
  return Math.min(0.05 * 2 ** failures, 2);
}

function assertCommitted(result: postgres.RowList<postgres.Row[]>): void {
  if (result.command !== "COMMIT") throw new NotCommittedError(result.command);
}
