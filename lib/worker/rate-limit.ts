// At most VONAGE_MAX_RPS sends per second across every worker process (Vonage's default
// is 30 API requests per second per account). Sends are spaced evenly: each takes the next
// start time from one shared row (send_pacing) and moves it on by 1/VONAGE_MAX_RPS seconds,
// so no one-second window — wherever it starts — holds more than the limit.
import "server-only";
import { sql } from "drizzle-orm";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";

/**
 * 3 % slower than the limit: the requests leave a little unevenly (timers, the event loop,
 * the network), and a request that goes out 1 ms early must not make 31 in a second.
 */
const SAFETY_MARGIN = 1.03;

/**
 * How far ahead a send may book its turn. Beyond this the worker waits and asks again, so
 * a long queue cannot book minutes of turns that a worker stopping would leave unused.
 */
const MAX_AHEAD_SECONDS = 10;

/** Reserves the next send time and waits for it. */
export async function waitForSendSlot(max = env().VONAGE_MAX_RPS): Promise<void> {
  const spacingMs = (1000 / max) * SAFETY_MARGIN;
  for (;;) {
    const [row] = await getDb().execute<{ waitMs: number | null }>(sql`
      with now as (select clock_timestamp() as t), slot as (
        insert into send_pacing (id, next_at) select 1, t + make_interval(secs => ${spacingMs / 1000}) from now
        on conflict (id) do update set next_at = greatest(send_pacing.next_at, (select t from now)) + make_interval(secs => ${spacingMs / 1000})
        where send_pacing.next_at < (select t from now) + make_interval(secs => ${MAX_AHEAD_SECONDS})
        returning next_at
      )
      select (select greatest(0, extract(epoch from (slot.next_at - now.t)) * 1000 - ${spacingMs})::float8 from slot) as "waitMs" from now`);
    const waitMs = row!.waitMs;
    if (waitMs === null) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      continue;
    }
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    return;
  }
}
