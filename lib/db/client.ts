// The process's one database client (ARCHITECTURE: one postgres.js pool per process).
// It is created on first use so tests and scripts can choose DATABASE_URL before that.
import postgres from "postgres";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** The `tx` a drizzle transaction callback gets. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Sql = postgres.Sql;

type Connection = { sql: Sql; db: Database; url: string };

// Cached on globalThis so Next's dev hot reload does not open a new pool per edit.
const globalForDb = globalThis as unknown as { caselineDb?: Connection };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start Caseline with `npm run dev` or `npm start`, which start the embedded database, or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  return url;
}

export function openSql(url: string, options: postgres.Options<Record<string, never>> = {}): Sql {
  return postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
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

/** The raw postgres.js client of this process, for SQL that drizzle does not express well. */
export function getSql(): Sql {
  return connection().sql;
}

/** Closes the process's pool (scripts and tests; the web server keeps it for its lifetime). */
export async function closeDb(): Promise<void> {
  const cached = globalForDb.caselineDb;
  globalForDb.caselineDb = undefined;
  if (cached) await cached.sql.end({ timeout: 5 });
}
