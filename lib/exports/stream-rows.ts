// Streams the rows of one query as CSV without holding them: a server-side cursor (postgres.js
// `.cursor(n)`) inside one transaction of the house style (lib/db/client.ts), read only as fast
// as the client takes the bytes. The cursor's batch, the objects waiting in the Readable and
// csv-stringify's buffer are all that is in memory at any time.
import "server-only";
import { Readable } from "node:stream";
import { stringify, type Options } from "csv-stringify";
import type postgres from "postgres";
import { transaction, type Sql } from "@/lib/db/client";

/** Rows per cursor fetch: large enough to keep round trips rare, small enough to stay light. */
export const EXPORT_BATCH_ROWS = 1000;
/** Records waiting for the CSV writer before the cursor pauses. */
const WAITING_RECORDS = 2000;

export type RowQuery = (sql: Sql) => postgres.PendingQuery<postgres.Row[]>;

/**
 * CSV of `query`'s rows (as arrays, in `columns` order). `prepare` runs first in the same
 * transaction (e.g. setting its time zone). A failed query after the first byte ends the
 * download as failed; a client that goes away closes the cursor and ends the transaction.
 */
export function streamCsv({
  columns,
  query,
  prepare,
  options,
  batchRows = EXPORT_BATCH_ROWS,
}: {
  columns: string[];
  query: RowQuery;
  prepare?: (sql: Sql) => Promise<unknown>;
  options: Options;
  batchRows?: number;
}): Readable {
  let wake: (() => void) | null = null;
  const resume = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };
  const source = new Readable({ objectMode: true, highWaterMark: WAITING_RECORDS, read: resume, destroy: (error, done) => (resume(), done(error)) });
  void transaction(async (tx) => {
    const sql = tx.$client as Sql;
    if (prepare) await prepare(sql);
    for await (const rows of query(sql).values().cursor(batchRows)) {
      let room = true;
      for (const row of rows) room = source.push(row);
      if (source.destroyed) break; // the client went away: closes the cursor
      if (!room) await new Promise<void>((resolve) => (wake = resolve));
      if (source.destroyed) break;
    }
  }).then(
    () => source.push(null),
    (error: unknown) => source.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  const csv = stringify({ ...options, header: true, columns });
  source.pipe(csv);
  // pipe() does not pass errors on: a failed query must end the download as failed, not hang it.
  source.on("error", (error) => csv.destroy(error));
  csv.on("close", () => source.destroy());
  return csv;
}
