// A transaction that costs two fewer round trips than a normal one: BEGIN is sent in the
// same packet as the first statement, and COMMIT in the same packet as the last. On this
// kind of machine every socket write is expensive; for the inbound webhook (5 round trips
// → 3) this is measured in npm run bench:inbound. Everything else uses
// `getDb().transaction` (lib/db/client.ts).
//
// If a statement failed — even one whose error the work caught and ignored — PostgreSQL
// answers COMMIT with ROLLBACK. That is checked: a rolled-back transaction always throws
// here, so the webhook can never answer 200 for work that was not committed.
import "server-only";
import type postgres from "postgres";
import { getSql } from "./client";

export type PipelinedTx = postgres.ReservedSql;
/** Sends the transaction's last statement together with COMMIT and returns its result. */
export type Finish = <T>(last: PromiseLike<T>) => Promise<T>;

export class NotCommittedError extends Error {
  constructor(command: string) {
    super(`The transaction was not committed (PostgreSQL answered ${command} to COMMIT).`);
    this.name = "NotCommittedError";
  }
}

/** COMMIT's own answer says whether it committed; an aborted transaction answers ROLLBACK. */
function assertCommitted(result: postgres.RowList<postgres.Row[]>): void {
  if (result.command !== "COMMIT") throw new NotCommittedError(result.command);
}

export async function pipelinedTransaction<T>(work: (tx: PipelinedTx, finish: Finish) => Promise<T>): Promise<T> {
  const tx = await getSql().reserve();
  let finished = false;
  try {
    const begin = tx`begin`.execute();
    begin.catch(() => {}); // its error, if any, surfaces through the first statement too
    const finish: Finish = async (last) => {
      finished = true; // from here on COMMIT (or its ROLLBACK) is on its way: never send ROLLBACK too
      const [result, commit] = await Promise.all([last, tx`commit`, begin]);
      assertCommitted(commit);
      return result;
    };
    const result = await work(tx, finish);
    if (!finished) {
      finished = true;
      assertCommitted(await tx`commit`);
    }
    return result;
  } catch (error) {
    if (!finished) await tx`rollback`.catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}
