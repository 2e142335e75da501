// Concurrent signed inbound webhooks through the real route handler, recording what each
// one was answered, and the checks every chaos test makes afterwards: each message stored
// once, one case per person, retried failures landing once.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import { getSql } from "@/lib/db/client";
import { inboundSms, signedRequest } from "./webhooks";

const URL_INBOUND = "http://localhost/api/vonage/inbound";

export type Sent = { body: ReturnType<typeof inboundSms>; status: number | "hung" | "threw" };

/** One webhook, answered or given up on after `timeoutMs` (a hang is an outcome too). */
export async function postInbound(body: ReturnType<typeof inboundSms>, timeoutMs = 15_000): Promise<Sent["status"]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await Promise.race([
      POST(signedRequest(URL_INBOUND, body)).then((r) => r.status),
      new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), timeoutMs))),
    ]);
    return answer;
  } catch {
    return "threw";
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `concurrency` callers send webhooks from `people` (no references, so each person's
 * messages belong in one case) to `ourNumber` until `seconds` have passed.
 */
export async function webhookLoad({
  seconds,
  concurrency,
  people,
  ourNumber,
}: {
  seconds: number;
  concurrency: number;
  people: string[];
  ourNumber: string;
}): Promise<Sent[]> {
  const sent: Sent[] = [];
  const until = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const from = people[n++ % people.length]!;
        const body = inboundSms({ from, to: ourNumber, text: `Message ${n} from ${from}`, uuid: randomUUID() });
        const status = await postInbound(body);
        sent.push({ body, status });
        // A refused request fails fast; do not spin while the database is away.
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }),
  );
  return sent;
}

/** Vonage retries what was not answered 2xx: do so until each is answered 200 (or give up). */
export async function retryUntilAccepted(sent: Sent[], withinMs = 30_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (const item of sent) {
    while (item.status !== 200) {
      if (Date.now() > deadline) throw new Error(`webhook ${item.body.message_uuid} still not accepted (${item.status})`);
      item.status = await postInbound(item.body, 10_000);
      if (item.status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Every message stored exactly once, and each person's messages in one case. */
export async function expectStoredOnceInOneCase(sent: Sent[]): Promise<void> {
  const sql = getSql();
  const rows = await sql<Array<{ uuid: string; n: number }>>`
    select provider_message_id as uuid, count(*)::int as n from messages where direction = 'inbound' group by 1`;
  const stored = new Map(rows.map((r) => [r.uuid, r.n]));
  const missing = sent.filter((s) => stored.get(s.body.message_uuid) !== 1);
  expect(missing.map((s) => `${s.body.message_uuid}: ${stored.get(s.body.message_uuid) ?? 0}`)).toEqual([]);
  expect(rows.filter((r) => r.n > 1)).toEqual([]);
  const people = await sql<Array<{ theirNumber: string; cases: number }>>`
    select their_number as "theirNumber", count(*)::int as cases from cases group by 1 having count(*) > 1`;
  expect(people).toEqual([]);
  const links = await sql<Array<{ n: number }>>`
    select count(*)::int as n from messages m where m.direction = 'inbound'
      and not exists (select 1 from case_messages cm where cm.message_id = m.id)`;
  expect(links[0]!.n).toBe(0);
}
