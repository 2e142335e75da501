// The process's one database client (ARCHITECTURE: one postgres.js pool per process).
// It is created on first use so tests and scripts can choose DATABASE_URL before that.
//
// One transaction style: `transaction(async (tx, finish) => …)` (./transaction.ts says why it
// does not use postgres.js's begin/reserve). `tx` is a drizzle database on the transaction's
// connection; raw SQL inside it goes through `tx.execute(sql`…`)` or `tx.$client`.
import "server-only";
import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { env } from "@/lib/config/env";
import * as schema from "./schema";
import { createSlotPool, reconnectDelaySeconds, type Finish, type SlotPool, type Tx } from "./transaction";

export type Database = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
export type { Finish, Tx } from "./transaction";
/** Where a query can run: the pool, or inside a transaction. */
export type Executor = Database;
export type Sql = postgres.Sql;

type Connection = { sql: Sql; db: Database; url: string; slots: SlotPool };

// Cached on globalThis so Next's dev hot reload does not open a new pool per edit.
const globalForDb = globalThis as unknown as { caselineDb?: Connection };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Caseline with `npm run dev` or `npm start`, which start the embedded database, or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  return url;
}

export function openSql(url: string, options: postgres.Options<Record<string, never>> = {}): Sql {
  return postgres(url, {
    max: env().DATABASE_POOL_SIZE,
    onnotice: () => {},
    connect_timeout: 5,
    backoff: reconnectDelaySeconds,
    ...options,
  });
}

function connection(): Connection {
  const url = databaseUrl();
  const cached = globalForDb.caselineDb;
  if (cached && cached.url === url) return cached;
  const sql = openSql(url);
  const created = { sql, db: drizzle(sql, { schema }), url, slots: createSlotPool(url, env().DATABASE_POOL_SIZE) };
  globalForDb.caselineDb = created;
  return created;
}

/** The drizzle database of this process. */
export function getDb(): Database {
  return connection().db;
}

/** The raw postgres.js client of this process, for LISTEN and the health check. */
export function getSql(): Sql {
  return connection().sql;
}

/**
 * Runs `work` in one transaction and commits it, or rolls it all back if it throws. `finish`
 * sends the last statement together with COMMIT (the inbound hot path uses it).
 */
export function transaction<T>(work: (tx: Tx, finish: Finish) => Promise<T>): Promise<T> {
  return connection().slots.run(work);
}

/** Closes the process's connections (scripts and tests; the web server keeps them for its lifetime). */
export async function closeDb(): Promise<void> {
  const cached = globalForDb.caselineDb;
  globalForDb.caselineDb = undefined;
  if (cached) await Promise.all([cached.sql.end({ timeout: 5 }), cached.slots.end()]);
}
