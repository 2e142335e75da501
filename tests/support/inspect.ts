// Reads back what a test did, straight from the tables.
import { getSql } from "@/lib/db/client";

export async function count(table: string): Promise<number> {
  const [row] = await getSql().unsafe(`select count(*)::int as n from ${table}`);
  return row!.n as number;
}

export async function casesOf(theirNumber: string) {
  return getSql()`
    select id::int, survey_id, their_number, our_number, channel, title, status, open, message_count, answers
    from cases where their_number = ${theirNumber} order by id`;
}

export async function threadOf(caseId: number) {
  return getSql()`
    select m.id::int, m.direction, m.text, m.status, m.automatic, m.channel, m.message_type, m.media, m.provider_message_id
    from case_messages cm join messages m on m.id = cm.message_id
    where cm.case_id = ${caseId} order by m.at, m.id`;
}
