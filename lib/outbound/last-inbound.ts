import { getSql } from "@/lib/db/client";

/** When the person last wrote to this number of ours (the WhatsApp window starts there). */
export async function lastInboundAt(theirNumber: string, ourNumber: string): Promise<Date | null> {
  const [row] = await getSql()<Array<{ at: string | null }>>`
    select max(at) as at from messages
    where direction = 'inbound' and their_number = ${theirNumber} and our_number = ${ourNumber}`;
  return row?.at ? new Date(row.at) : null;
}
