// The process's one database client (ARCHITECTURE: one postgres.js pool per process).
// It is created on first use so tests and scripts can choose DATABASE_URL before that.
//
// One transaction style: `getDb().transaction(async (tx) => …)`, with `Tx` as the type of
// its `tx`. Raw SQL inside it goes through `tx.execute(sql`…`)`; SQL text from a library
// (pg-boss) through `connectionOf(tx)`. The inbound hot path alone uses
// `pipelinedTransaction` (./pipelined-transaction.ts), where it is measured to pay off.
import "server-only";
import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { env } from "@/lib/config/env";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** The `tx` of `getDb().transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Where a query can run: the pool, or inside a transaction. */
export type Executor = Database | Tx;
export type Sql = postgres.Sql;

type Connection = { sql: Sql; db: Database; url: string };

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
    ...options,
  });
}

function connection(): Connection {
  const url = databaseUrl();
  const cached = globalForDb.caselineDb;
  if (cached && cached.url === url) return cached;
  const sql = openSql(url);
  const created = { sql, db: drizzle(sql, { schema }), url };
  globalForDb.caselineDb = created;
  return created;
}

/** The drizzle database of this process. */
export function getDb(): Database {
  return connection().db;
}

/** The raw postgres.js client of this process: LISTEN, and the pipelined hot path. */
export function getSql(): Sql {
  return connection().sql;
}

/**
 * The postgres.js connection a drizzle transaction runs on, for SQL text with $n parameters
 * from a library (pg-boss's documented way to insert a job in someone else's transaction).
 * Drizzle exposes it as `tx._.session.client`; checked here so an upgrade that moves it
 * fails loudly instead of running the job outside the transaction.
 */
export function connectionOf(tx: Tx): postgres.TransactionSql {
  const client = (tx._.session as unknown as { client?: unknown }).client;
  if (typeof client !== "function" || typeof (client as { unsafe?: unknown }).unsafe !== "function") {
    throw new Error("The drizzle transaction does not expose its postgres.js connection (drizzle-orm upgrade?).");
  }
  return client as postgres.TransactionSql;
}

/** Closes the process's pool (scripts and tests; the web server keeps it for its lifetime). */
export async function closeDb(): Promise<void> {
  const cached = globalForDb.caselineDb;
  globalForDb.caselineDb = undefined;
  if (cached) await cached.sql.end({ timeout: 5 });
}
