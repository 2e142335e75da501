-- bench:email: the notification email's queries at scale — Settings > Server's 24-hour counts
-- and the relay's claim of a batch — with 1,000,000 notifications. Everything happens inside a
-- transaction that is rolled back, so the database is left as it was. Needs a database of this
-- schema with users and cases 1..1,000,000 (npm run db:seed:large; DATABASE_URL, or
-- caseline_large on 127.0.0.1).
\timing on
begin;
-- 1,000,000 notifications over 30 days (9 users), 30,000 of them in the last 24 hours; 2,000 pending.
insert into notifications (user_id, kind, case_id, created_at, email_state)
select u.ids[1 + (g % array_length(u.ids, 1))], 'new_message', 1 + (g % 1000000),
       now() - (case when g % 100 < 3 then random() * interval '23 hours' else interval '1 day' + random() * interval '29 days' end),
       (array['sent','skipped','failed','sent']::notification_email_state[])[1 + g % 4]
from generate_series(1, 1000000) g, (select array_agg(id) ids from users) u;
insert into notifications (user_id, kind, case_id, email_state)
select (select min(id) from users), 'assigned', g, 'pending' from generate_series(1, 2000) g;
analyze notifications;
-- Settings > Server's counts (lib/mail/email-status.ts), three runs
\o /dev/null
select coalesce(sum(c.sent), 0)::int as sent, coalesce(sum(c.failed), 0)::int as failed, coalesce(sum(c.pending), 0)::int as pending, coalesce(sum(c.skipped), 0)::int as skipped
from users u cross join lateral (select count(*) filter (where n.email_state = 'sent') as sent, count(*) filter (where n.email_state = 'failed') as failed, count(*) filter (where n.email_state in ('pending', 'queued')) as pending, count(*) filter (where n.email_state = 'skipped') as skipped from notifications n where n.user_id = u.id and n.created_at > now() - interval '24 hours') c;
select coalesce(sum(c.sent), 0)::int as sent, coalesce(sum(c.failed), 0)::int as failed, coalesce(sum(c.pending), 0)::int as pending, coalesce(sum(c.skipped), 0)::int as skipped
from users u cross join lateral (select count(*) filter (where n.email_state = 'sent') as sent, count(*) filter (where n.email_state = 'failed') as failed, count(*) filter (where n.email_state in ('pending', 'queued')) as pending, count(*) filter (where n.email_state = 'skipped') as skipped from notifications n where n.user_id = u.id and n.created_at > now() - interval '24 hours') c;
-- The relay's claim of one batch (lib/mail/email-relay.ts), through the pending index
with batch as (select id from notifications where email_state = 'pending' order by id limit 500 for update skip locked)
update notifications n set email_state = 'queued' from batch where n.id = batch.id returning n.id;
\o
rollback;
