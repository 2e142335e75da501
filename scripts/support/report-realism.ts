// Makes a seeded database tell the truth to reports (SPEC §14): each case's first response is
// its first reply that is not automatic, and a closed case was closed some time after its last
// message — not all at the instant of the seed, which the closing trigger (cases_track_closing)
// stamps on cases inserted closed. One set-based UPDATE from the real messages; idempotent: it
// touches only cases still missing their first response, or closed "after their last activity"
// (the seed's stamp), so a second run changes nothing. Shared by db:seed:large and
// bench:reports --prepare (a database seeded before this existed).
import { transaction, type Sql } from "@/lib/db/client";

export async function addReportRealism(sql: Sql, step: (label: string, work: () => Promise<unknown>) => Promise<void>): Promise<number> {
  let changed = 0;
  await step("first responses and closing times from the messages", async () => {
    const result = await transaction(async (tx) => {
      // The per-case aggregate over every message is hashed in memory rather than spilled to disk.
      await tx.$client`set local work_mem = '256MB'`;
      return tx.$client`
      update cases c set
        first_response_at = coalesce(c.first_response_at, f.first_reply),
        -- Closed between 5 minutes and ~2 days after the last message (a spread from the case's
        -- id), never after the case's last activity.
        closed_at = case when not c.open and c.closed_at > c.last_activity_at
                         then least(greatest(f.last_message, c.created_at) + make_interval(secs => 300 + abs(hashint8(c.id)) % 172800), c.last_activity_at)
                         else c.closed_at end
      from (
        select cm.case_id,
               min(m.at) filter (where m.direction = 'outbound' and not m.automatic) as first_reply,
               max(m.at) as last_message
        from case_messages cm join messages m on m.id = cm.message_id
        group by cm.case_id
      ) f
      where f.case_id = c.id
        and ((c.first_response_at is null and f.first_reply is not null) or (not c.open and c.closed_at > c.last_activity_at))`;
    });
    changed = result.count;
  });
  if (changed > 0) {
    // Every changed row left a dead version behind: reclaim them, refresh the statistics the
    // report's plan is chosen from, and mark the pages all-visible — the report reads cases and
    // case_messages through index-only scans, which a bulk-loaded table's unset visibility map
    // turns into a heap visit per row (measured: 250 ms → 125 ms).
    await step(`VACUUM ANALYZE cases and case_messages (${changed} cases changed)`, () => sql`vacuum (analyze) cases, case_messages`);
  }
  return changed;
}
