// The benchmark's realistic mix of inbound messages: new people, people with an open case,
// people naming their case (#123), and people asking for a new case (#0).
import { randomUUID } from "node:crypto";

export type InboundMix = {
  ourNumber: string;
  /** People who already have a case, and its id. */
  known: Array<{ number: string; caseId: number }>;
  /** Distinguishes the new numbers of one run from another's. */
  newNumberPrefix: string;
};

export function mixedInbound(i: number, mix: InboundMix) {
  const slot = i % 10;
  const person = mix.known[(i * 7919) % mix.known.length]!;
  let from: string;
  let text: string;
  if (slot < 4) {
    from = `${mix.newNumberPrefix}${String(i).padStart(8, "0")}`;
    text = `Hello, I would like to book an appointment (${i})`;
  } else if (slot < 8) {
    from = person.number;
    text = `Any news on my request? (${i})`;
  } else if (slot === 8) {
    from = person.number;
    text = `About #${person.caseId}: still waiting (${i})`;
  } else {
    from = person.number;
    text = `Different question #0 (${i})`;
  }
  return {
    channel: "sms",
    message_uuid: randomUUID(),
    to: mix.ourNumber,
    from,
    timestamp: new Date().toISOString(),
    message_type: "text",
    text,
    sms: { num_messages: "1" },
  };
}
