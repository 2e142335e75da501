// The whole database as text, table by table — every table of the app's schema and of the job
// queue's, found through information_schema rather than listed by hand — so a test can ask
// "does this number appear anywhere?" and "what changed?" without knowing the schema.
import { getSql } from "@/lib/db/client";

export const SCANNED_SCHEMAS = ["public", "pgboss"];

export type DatabaseSnapshot = Map<string, string[]>;

export async function scannedTables(): Promise<string[]> {
  const rows = await getSql()<Array<{ name: string }>>`
    select format('%I.%I', table_schema, table_name) as name from information_schema.tables
    where table_schema = any(${SCANNED_SCHEMAS}) and table_type = 'BASE TABLE'
    order by 1`;
  return rows.map((r) => r.name);
}

/** Every row of every scanned table, as its JSON text. */
export async function snapshotDatabase(): Promise<DatabaseSnapshot> {
  const snapshot: DatabaseSnapshot = new Map();
  for (const table of await scannedTables()) {
    const rows = await getSql().unsafe<Array<{ r: string }>>(`select row_to_json(t)::text as r from ${table} t`);
    snapshot.set(table, rows.map((row) => row.r));
  }
  return snapshot;
}

/** The rows (as text) holding `needle` anywhere, with their table. */
export function rowsContaining(snapshot: DatabaseSnapshot, needle: string): Array<{ table: string; row: string }> {
  return [...snapshot].flatMap(([table, rows]) => rows.filter((row) => row.includes(needle)).map((row) => ({ table, row })));
}

/** Rows of `a` not in `b`, per table, counting duplicates. */
export function rowsOnlyIn(a: DatabaseSnapshot, b: DatabaseSnapshot): Array<{ table: string; row: string }> {
  const out: Array<{ table: string; row: string }> = [];
  for (const [table, rows] of a) {
    const left = new Map<string, number>();
    for (const row of b.get(table) ?? []) left.set(row, (left.get(row) ?? 0) + 1);
    for (const row of rows) {
      const n = left.get(row) ?? 0;
      if (n > 0) left.set(row, n - 1);
      else out.push({ table, row });
    }
  }
  return out;
}
