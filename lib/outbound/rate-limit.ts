// At most VONAGE_MAX_RPS sends per second across every worker process (Vonage's default
// is 30 API requests per second per account). A row per second counts the sends started
// in it; a worker that finds the second full waits for the next one.
import { getSql } from "@/lib/db/client";

export function maxSendsPerSecond(): number {
  const raw = process.env.VONAGE_MAX_RPS;
  const value = raw ? Number(raw) : 30;
  if (!Number.isInteger(value) || value < 1) throw new Error(`VONAGE_MAX_RPS must be a whole number ≥ 1 (got "${raw}")`);
  return value;
}

/** Takes a send slot in the current second, or says how long until the next second. */
async function trySlot(max: number): Promise<{ ok: true } | { ok: false; waitMs: number }> {
  const [row] = await getSql()<Array<{ granted: boolean; waitMs: number }>>`
    with now as (select clock_timestamp() as t), slot as (
      insert into send_rate_slots (second, used) select date_trunc('second', t), 1 from now
      on conflict (second) do update set used = send_rate_slots.used + 1 where send_rate_slots.used < ${max}
      returning second
    )
    select exists (select 1 from slot) as granted,
           greatest(1, ceil(1000 - extract(milliseconds from t)::numeric % 1000))::int as "waitMs"
    from now`;
  return row!.granted ? { ok: true } : { ok: false, waitMs: row!.waitMs };
}

export async function waitForSendSlot(max = maxSendsPerSecond()): Promise<void> {
  for (;;) {
    const slot = await trySlot(max);
    if (slot.ok) return;
    // A little jitter so the waiting workers do not all ask again at the same instant.
    await new Promise((resolve) => setTimeout(resolve, slot.waitMs + Math.random() * 20));
  }
}

/** Old seconds are of no use; the worker's sweep removes them. */
export async function forgetOldSlots(): Promise<void> {
  await getSql()`delete from send_rate_slots where second < now() - interval '1 minute'`;
}
