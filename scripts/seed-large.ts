// `npm run db:seed:large`: fills the app's database (DATABASE_URL, or the embedded one) with
// 3 surveys, 200,000 cases and 1,000,000 messages — bulk SQL, a few statements — and a team
// of 8 staff users holding 70 % of the cases, with read marks, for npm run bench:console.
// For reports (SPEC §14) the data looks lived in: replies come minutes to hours apart (a pace
// per case), first responses and closing times follow the messages, and a share of the
// recent open cases wait for a reply with a due time (SPEC §13), some past it.
// Run once; a second run adds only what is missing (the team, the report figures, on a
// database seeded before them).
//   SEED_CASES (200000)  SEED_MESSAGES_PER_CASE (5)
import { closeDb, getSql, transaction } from "@/lib/db/client";
import { log, prepareDatabase } from "@/lib/server/prepare";

import { hashPassword } from "@/lib/auth/password";
import { LARGE_SURVEY_PREFIX, TEAM_EMAIL_PREFIX, TEAM_SIZE } from "./support/large-dataset";
import { addReportRealism } from "./support/report-realism";
const CASES = Number(process.env.SEED_CASES ?? 200_000);
const PER_CASE = Number(process.env.SEED_MESSAGES_PER_CASE ?? 5);
const PEOPLE = Math.max(1, Math.floor(CASES / 3.3));

// Message texts with the spread of words of a real inbox, so that bench:console's body
// searches mean something: "please" is in about a quarter of the messages, "boiler" in a few
// percent, "asbestos" in one in a thousand (MEDIUM_EVERY), "Pomeroy" in one in 100,000
// (RARE_EVERY), "xylophone" in none; some words carry accents (café, José, Zoë, reçu).
const MEDIUM_EVERY = 997;
const RARE_EVERY = 99_991;
const INBOUND_OPENERS = [
  "Hi, ", "Hello, ", "Good morning, ", "Hi there, ", "Dear team, ", "Hey, ", "Bonjour, ", "Hola, ", "", "",
  "Sorry to bother you, ", "Good afternoon, ", "Hi again, ", "Evening, ", "Thanks for your reply. ",
];
const INBOUND_BODIES = [
  "my boiler is broken again and there is no hot water",
  "the heating has stopped working since yesterday",
  "I would like to book an appointment for next week",
  "can you tell me your opening hours on Saturday",
  "my invoice shows the wrong amount, I was charged twice",
  "the delivery is late, it was due on Monday",
  "I have moved, my new address is 12 Rue de la Paix",
  "the neighbours are making noise every night after midnight",
  "I would like a refund please, the product does not work",
  "the engineer did not arrive this morning",
  "the radiator in the kitchen is leaking onto the floor",
  "there is a smell of gas near the meter",
  "the parcel arrived damaged and the box was open",
  "can I change the date of my appointment to Thursday",
  "the café downstairs plays loud music until two in the morning",
  "my name is José and I called yesterday about the boiler",
  "I sent the photos of the damage by email",
  "the window in the bedroom will not close properly",
  "is the office open on Sunday",
  "my daughter Zoë has the reference number, can she call instead",
  "I have not received the reçu for my payment",
  "the tap in the bathroom keeps dripping",
  "nobody answered the phone when I called",
  "please send someone to look at the roof, water is coming in",
  "the lift in our building has been out of order for a week",
  "I want to cancel my order",
  "my card was declined but the money left my account",
  "what time will the engineer come tomorrow",
  "the code you sent me does not work",
  "we still have no electricity in the flat",
  "the bins have not been collected for two weeks",
  "can you confirm that you received my documents",
  "the shower is cold again, the boiler makes a strange noise",
  "I need a copy of my contract",
  "the door entry system is broken",
  "there are mice in the basement",
  "my landlord says this is your responsibility",
  "I am available all day on Friday",
  "the meter reading on the bill is wrong",
  "the smoke alarm beeps every few minutes",
];
const INBOUND_CLOSERS = [
  ". Thanks", ". Thank you", ". Please call me back", ". Regards", ". Cheers", ". Merci", ". Many thanks",
  ". When can someone come?", ".", ". It is urgent please", ". Thanks in advance", "!", ". Please help",
  ". Can you please reply today?", "?",
];
const TEAM_REPLIES = [
  "Thanks for your message, an engineer will call you today.",
  "We have booked your appointment for Tuesday morning.",
  "Your refund has been processed and should arrive in 3 to 5 days.",
  "Could you please send us a photo of the problem?",
  "Sorry for the delay, the parcel is on its way.",
  "We are open from 9 to 5 on weekdays and 10 to 2 on Saturday.",
  "Thank you, we have updated your address.",
  "An engineer is on the way and should arrive within the hour.",
  "We have passed this on to the maintenance team.",
  "Please keep the windows open and do not use any switches; the gas emergency team is coming.",
  "Can you confirm the best time to reach you?",
  "We have cancelled your order as requested.",
  "Your new contract has been sent by email.",
  "Thanks, we received your documents.",
  "We are sorry about the noise and have contacted the neighbours.",
  "Please reply with your reference number so we can find your account.",
];

async function main() {
  const db = await prepareDatabase();
  process.env.DATABASE_URL = db.url;
  const sql = getSql();
  try {
    const started = Date.now();
    const step = async (label: string, work: () => Promise<unknown>) => {
      const t = Date.now();
      await work();
      log(`${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    };
    const [existing] = await sql`select count(*)::int as n from surveys where name like ${LARGE_SURVEY_PREFIX + "%"}`;
    if (existing!.n > 0) {
      // A database seeded before the team or the report figures existed gets them, and nothing else.
      if (await seedTeam(step)) await step("ANALYZE", () => sql`analyze`);
      await addReportRealism(sql, step);
      const [counts] = await sql`select (select count(*) from cases)::int as cases, (select count(*) from messages)::int as messages`;
      log(`Already seeded: ${counts!.cases} cases and ${counts!.messages} messages in all.`);
      return;
    }

    await transaction(async ({ $client: tx }) => {
      await step("3 surveys with a status question, 3 number links", () => tx`
        with s as (
          insert into surveys (name) select ${LARGE_SURVEY_PREFIX} || ' ' || g from generate_series(1, 3) g returning id
        ), q as (
          insert into survey_questions (survey_id, position, name, label, type, choices)
          select id, 1, 'status', 'Status', 'select_one',
                 '[{"value":"new","label":"New"},{"value":"in_progress","label":"In progress"},{"value":"resolved","label":"Resolved"}]'::jsonb
          from s returning id, survey_id
        ), u as (
          update surveys set status_question_id = q.id, closing_value = 'resolved', default_status = 'new'
          from q where surveys.id = q.survey_id returning surveys.id
        )
        insert into number_links (our_number, channel, survey_id, description, multi_case_reply)
        select '4470000000' || row_number() over (order by id), case when id % 2 = 0 then 'whatsapp' else 'sms' end::link_channel, id,
               'Seeded number', 'You have %s1 open cases (%s2).'
        from u`);

      await step(`${CASES} cases`, () => tx`
        with s as (select id, row_number() over (order by id) - 1 as k from surveys where name like ${LARGE_SURVEY_PREFIX + "%"})
        insert into cases (survey_id, their_number, our_number, channel, title, notes, status, answers, open,
                           message_count, last_activity_at, created_at, updated_at)
        select s.id,
               '4479' || lpad((g % ${PEOPLE})::text, 8, '0'),
               '4470000000' || (s.k + 1),
               case when s.id % 2 = 0 then 'whatsapp' else 'sms' end::link_channel,
               (array['Appointment request', 'Question about opening hours', 'Broken boiler', 'Invoice query',
                      'Delivery late', 'Change of address', 'Complaint about noise', 'Refund please'])[1 + g % 8] || ' ' || g,
               case when g % 10 = 0 then 'Called back on ' || g else '' end,
               st.status, jsonb_build_object('status', st.status), st.status <> 'resolved',
               ${PER_CASE},
               now() - (g * interval '150 seconds'),
               now() - (g * interval '150 seconds') - interval '2 days',
               now() - (g * interval '150 seconds')
        from generate_series(1, ${CASES}) g
        join s on s.k = g % 3
        cross join lateral (select case when g % 10 < 6 then 'resolved' when g % 10 < 8 then 'in_progress' else 'new' end as status) st
        order by g desc`);

      await step(`${CASES * PER_CASE} messages and their links to cases`, async () => {
        const [{ base }] = (await tx`select coalesce(max(id), 0)::bigint as base from messages`) as unknown as [{ base: string }];
        await tx`
          create temporary table seeded on commit drop as
          select c.id as case_id, c.their_number, c.our_number, c.channel, c.created_at,
                 (${base}::bigint + (row_number() over (order by c.id) - 1) * ${PER_CASE}) as first_message_id
          from cases c join surveys s on s.id = c.survey_id where s.name like ${LARGE_SURVEY_PREFIX + "%"}`;
        await tx`
          insert into messages (id, direction, channel, our_number, their_number, text, status, provider_message_id, at, created_at)
          overriding system value
          select x.first_message_id + k,
                 case when k % 2 = 1 then 'inbound' else 'outbound' end::message_direction,
                 x.channel::text::message_channel, x.our_number, x.their_number,
                 case when k % 2 = 1
                      then (${INBOUND_OPENERS}::text[])[1 + r.h % ${INBOUND_OPENERS.length}]
                           || (${INBOUND_BODIES}::text[])[1 + (r.h / 97) % ${INBOUND_BODIES.length}]
                           || (${INBOUND_CLOSERS}::text[])[1 + (r.h / 9973) % ${INBOUND_CLOSERS.length}]
                           || case when (x.first_message_id + k) % ${MEDIUM_EVERY} = 3 then ' — they said it might be asbestos.' else '' end
                           || case when (x.first_message_id + k) % ${RARE_EVERY} = 17 then ' Please ask for Mrs Pomeroy.' else '' end
                      else (${TEAM_REPLIES}::text[])[1 + (r.h / 97) % ${TEAM_REPLIES.length}] || ' #' || x.case_id end,
                 case when k % 2 = 1 then 'received' else 'delivered' end::message_status,
                 case when k % 2 = 1 then 'seed-' || (x.first_message_id + k) end,
                 x.created_at + ((k - 1) * p.pace + r.h % p.pace) * interval '1 minute',
                 x.created_at + ((k - 1) * p.pace + r.h % p.pace) * interval '1 minute'
          from seeded x
          -- Each case its own pace (3 minutes to 4 hours between messages), so first responses
          -- and resolutions spread as a team's do; message k stays within its k-th stretch, so
          -- the thread keeps its order.
          cross join lateral (select 3 + ((abs(hashint8(x.case_id)) % 120) ^ 2)::bigint / 60 as pace) p
          cross join generate_series(1, ${PER_CASE}) k
          cross join lateral (select abs(hashint8(x.first_message_id + k)::bigint) as h) r`;
        await tx`insert into case_messages (case_id, message_id) select x.case_id, x.first_message_id + k from seeded x cross join generate_series(1, ${PER_CASE}) k`;
        await tx`insert into case_events (case_id, type, data, at) select x.case_id, 'created', '{"reason":"seed"}'::jsonb, x.created_at from seeded x`;
        await tx`select setval(pg_get_serial_sequence('messages', 'id'), (select max(id) from messages))`;
      });
    });
    await seedTeam(step);
    await addReportRealism(sql, step);
    // SPEC §13: every fourth open case of the last week waits for a reply, due 30 minutes to
    // 10 hours after its last activity — most of them past it by now (Overdue), a few not yet.
    await step("due times on a share of the recent open cases", () => sql`
      update cases set response_due_at = last_activity_at + make_interval(mins => 30 + (id % 570)::int), response_due_kind = 'next_response'
      where open and id % 4 = 0 and last_activity_at > now() - interval '7 days' and response_due_at is null`);
    await step("ANALYZE", () => sql`analyze`);
    const [counts] = await sql`select (select count(*) from cases)::int as cases, (select count(*) from messages)::int as messages`;
    log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts!.cases} cases and ${counts!.messages} messages in all.`);
  } finally {
    await closeDb();
    await db.stop();
  }
}

/** The team (see TEAM_EMAIL_PREFIX): users, survey access, 70 % of cases assigned, read marks. False if there already. */
async function seedTeam(step: (label: string, work: () => Promise<unknown>) => Promise<void>): Promise<boolean> {
  const [present] = await getSql()`select count(*)::int as n from users where email like ${TEAM_EMAIL_PREFIX + "%"}`;
  if (present!.n > 0) return false;
  const passwordHash = await hashPassword("bench-password-1");
  await transaction(async ({ $client: tx }) => {
    await step(`${TEAM_SIZE} staff users with survey access`, () => tx`
      with u as (
        insert into users (email, name, role, password_hash)
        select ${TEAM_EMAIL_PREFIX} || g || '@caseline.local', 'Agent ' || g, 'staff', ${passwordHash}
        from generate_series(1, ${TEAM_SIZE}) g returning id, email
      ), s as (select id, row_number() over (order by id) as k from surveys where name like ${LARGE_SURVEY_PREFIX + "%"})
      insert into survey_access (user_id, survey_id)
      select u.id, s.id from u join s on (case when substring(u.email from '[0-9]+')::int <= ${TEAM_SIZE / 2} then s.k = 1 else s.k > 1 end)`);
    // By id modulo 7: independent of the status (which follows the case's position modulo 10),
    // so open and closed cases are each ~70 % assigned.
    await step("70 % of the cases assigned to the team", () => tx`
      update cases c set assignee_id = t.ids[1 + (c.id % array_length(t.ids, 1))]
      from (select a.survey_id, array_agg(a.user_id order by a.user_id) as ids
            from survey_access a join users u on u.id = a.user_id
            where u.email like ${TEAM_EMAIL_PREFIX + "%"} group by a.survey_id) t
      where t.survey_id = c.survey_id and c.id % 7 < 5`);
    await step("read marks: each agent has opened a third of their surveys' cases (some before their last activity)", () => tx`
      insert into case_reads (user_id, case_id, read_at)
      select a.user_id, c.id, c.last_activity_at - case when c.id % 7 = 0 then interval '1 hour' else interval '0' end
      from survey_access a join users u on u.id = a.user_id join cases c on c.survey_id = a.survey_id
      where u.email like ${TEAM_EMAIL_PREFIX + "%"} and (c.id + a.user_id) % 3 = 0`);
  });
  return true;
}

main().catch((error) => {
  console.error(`[caseline] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
