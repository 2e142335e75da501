// `npm run bench:person`: how long Admin > People takes on a large database — counting,
// exporting and erasing one person among 1,000,000 messages (after `npm run db:seed:large`;
// the webhook event log is filled here with one row per message if it is empty). Erases
// BENCH_PEOPLE (10) seeded people: run it on a database you can spare.
import { findFirstOwner } from "@/lib/auth/users";
import { closeDb, getSql } from "@/lib/db/client";
import { erasePerson, exportPerson, previewErase } from "@/lib/privacy/person-data";
import { log, prepareDatabase } from "@/lib/server/prepare";

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const summary = (label: string, ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  log(`${label}: p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (${ms.length} people)`);
};

async function main() {
  const db = await prepareDatabase();
  process.env.DATABASE_URL = db.url;
  const sql = getSql();
  try {
    const owner = await findFirstOwner();
    if (!owner) throw new Error("No server owner: start the app once first.");
    const [{ messages, events }] = (await sql`select (select count(*) from messages)::int as messages, (select count(*) from webhook_events)::int as events`) as unknown as [{ messages: number; events: number }];
    if (messages < 1000) throw new Error("Run `npm run db:seed:large` first.");
    if (events === 0) {
      log("Filling the webhook event log: one inbound event or status report per message …");
      await sql`
        insert into webhook_events (kind, message_uuid, raw_body, our_number, their_number, outcome, message_id, processed_at)
        select case when m.direction = 'inbound' then 'inbound' else 'status' end::webhook_kind, gen_random_uuid()::text,
               json_build_object('message_uuid', gen_random_uuid(), 'to', case when m.direction = 'inbound' then m.our_number else m.their_number end,
                                 'from', case when m.direction = 'inbound' then m.their_number else m.our_number end, 'text', m.text)::text,
               case when m.direction = 'inbound' then m.our_number end, case when m.direction = 'inbound' then m.their_number end,
               case when m.direction = 'inbound' then 'routed' else 'status_applied' end::webhook_outcome, m.id, now()
        from messages m`;
      await sql`analyze webhook_events`;
    }
    log(`${messages} messages, ${events || messages} webhook events.`);
    const actor = { id: owner.id, email: owner.email, name: owner.name, role: owner.role };
    const people = await sql<Array<{ n: string }>>`select their_number as n from messages group by 1 order by count(*) desc, 1 limit ${PEOPLE}`;
    const times = { preview: [] as number[], export: [] as number[], erase: [] as number[] };
    for (const { n } of people) {
      const [preview, p] = await timed(() => previewErase(actor, n));
      const [, e] = await timed(() => exportPerson(actor, n));
      const [erased, d] = await timed(() => erasePerson(actor, n));
      if (erased.counts.messagesFrom + erased.counts.messagesTo !== preview.counts.messagesFrom + preview.counts.messagesTo) throw new Error("erased other than previewed");
      times.preview.push(p);
      times.export.push(e);
      times.erase.push(d);
    }
    log(`Each person: ${(await previewErase(actor, people[0]!.n)).counts.messagesFrom} messages left after erasing (0 expected).`);
    summary("count (preview)", times.preview);
    summary("export JSON", times.export);
    summary("erase", times.erase);
  } finally {
    await closeDb();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
