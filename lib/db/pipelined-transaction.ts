// A transaction that costs two fewer round trips than sql.begin(): BEGIN is sent in the same
// packet as the first statement, and COMMIT in the same packet as the last. On this kind of
// machine every socket write is expensive; for the inbound webhook (5 round trips → 3) this
// is measured in npm run bench:inbound.
//
// If the last statement fails, PostgreSQL answers the COMMIT queued behind it with ROLLBACK,
// so a failure can never commit half of the work.
import type postgres from "postgres";
import { getSql } from "./client";

export type PipelinedTx = postgres.ReservedSql;
/** Sends the transaction's last statement together with COMMIT and returns its result. */
export type Finish = <T>(last: PromiseLike<T>) => Promise<T>;

export async function pipelinedTransaction<T>(work: (tx: PipelinedTx, finish: Finish) => Promise<T>): Promise<T> {
  const tx = await getSql().reserve();
  let finished = false;
  try {
    const begin = tx`begin`.execute();
    begin.catch(() => {}); // its error, if any, surfaces through the first statement too
    const finish: Finish = async (last) => {
      const [result] = await Promise.all([last, tx`commit`, begin]);
      finished = true;
      return result;
    };
    const result = await work(tx, finish);
    if (!finished) {
      await tx`commit`;
      finished = true;
    }
    return result;
  } catch (error) {
    if (!finished) await tx`rollback`.catch(() => {});
    throw error;
  } finally {
    tx.release();
  }
}
