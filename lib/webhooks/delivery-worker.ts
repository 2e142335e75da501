// The webhook worker (worker-time: no user acts here), beside the send worker: the relay
// (outbox → job queue, ./relay.ts) and the deliveries. Several may run at once (every app
// process, or `npm run worker`s): the relay takes rows with SKIP LOCKED, so each delivery
// is in one job; a job names attempts of deliveries, and an attempt is recorded only if the
// delivery's attempt count is still the one before it (a job made stale by a Send again or
// the sweep changes nothing).
import "server-only";
import PgBoss from "pg-boss";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { getSql, transaction } from "@/lib/db/client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { nextAttempt } from "./backoff";
import { postWebhook, type PostResult } from "./http-post";
import { WEBHOOK_WAKE_CHANNEL } from "./outbox";
import { failPendingDeliveries, insertDeliveryJobs, WEBHOOK_QUEUE, type DeliveryJob } from "./queue";
import { relayPendingDeliveries } from "./relay";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";
import { insecureWebhooksAllowed } from "./url-rules";

export type WebhookWorker = { stop: () => Promise<void> };

/** An endpoint failing this long is turned off (SPEC §15 via the issue: "failing for 24 h"). */
export const DISABLE_AFTER_FAILING_HOURS = 24;
/** A pending delivery whose job should have run this long ago, and did not, is queued again. */
const STRANDED_AFTER_SECONDS = 300;
const RELAY_POLL_MS = 2_000;
const RELAY_GAP_MS = 200;
/** Successes are recorded together: at most this many, or after this long. */
const SUCCESS_BATCH = 100;
const SUCCESS_WAIT_MS = 20;
const SWEEP_EVERY_MS = 60_000;

type Attempt = {
  id: number;
  /** The attempt being made (1 for the first). */
  attempts: number;
  eventId: string;
  payload: { id: string; type: string; createdAt: string; data: unknown };
  eventAt: string;
  subscriptionId: number;
  url: string;
  secretEncrypted: string;
};

export async function startWebhookWorker({
  connectionString,
  log = (line) => console.log(`[webhooks] ${line}`),
  loops = 2,
  batchSize = 4,
  maxInFlight = 256,
  pollingIntervalSeconds = 2,
}: {
  connectionString: string;
  log?: (line: string) => void;
  loops?: number;
  /** Jobs taken at once (each of up to JOB_SIZE deliveries). */
  batchSize?: number;
  /** Requests under way at most: a hanging endpoint can hold this many for 10 s each. */
  maxInFlight?: number;
  pollingIntervalSeconds?: number;
}): Promise<WebhookWorker> {
  const boss = new PgBoss({ connectionString, max: loops + 1, migrate: false, schedule: false, supervise: true });
  boss.on("error", (error: Error) => log(`queue error: ${error.message}`));
  await boss.start();

  // A job is done once its attempts have started: they run on, so a batch with a hanging
  // endpoint in it does not hold up the next one. The delivery's row is what counts;
  // an attempt lost with its worker leaves it pending, and the sweep queues it again.
  const inFlight = new Set<Promise<void>>();
  const handleBatch = async (jobs: Array<PgBoss.Job<DeliveryJob>>) => {
    let starting: Attempt[];
    try {
      starting = await attemptsToMake(jobs.flatMap((job) => job.data.attempts));
    } catch (error) {
      // The database, most likely: pg-boss tries these jobs again later.
      log(`deliveries: ${message(error)}`);
      await boss.fail(WEBHOOK_QUEUE, jobs.map((job) => job.id)).catch(() => {});
      return;
    }
    // pg-boss waits out its polling interval between fetches unless woken: a full batch
    // means more are waiting.
    if (jobs.length >= batchSize) wakeWorkers();
    for (const delivery of starting) {
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const running: Promise<void> = attempt(delivery, recordSuccess)
        .catch((error: unknown) => log(`delivery ${delivery.id}: ${message(error)}`))
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
  };
  const recordSuccess = successRecorder();
  const workerIds: string[] = [];
  for (let i = 0; i < loops; i++) {
    workerIds.push(await boss.work<DeliveryJob>(WEBHOOK_QUEUE, { batchSize, pollingIntervalSeconds }, handleBatch));
  }
  const wakeWorkers = () => workerIds.forEach((id) => boss.notifyWorker(id));

  // The relay: woken by the outbox's NOTIFY (sent on commit), and by a poll in case a
  // notification was missed (a reconnect). Runs are never concurrent within a process, and
  // at most one starts per RELAY_GAP_MS: under load one run takes many transactions' rows.
  let relaying: Promise<void> | null = null;
  let again = false;
  let lastRun = 0;
  let relays = 0;
  const relay = () => {
    if (relaying) {
      again = true;
      return;
    }
    relaying = (async () => {
      do {
        again = false;
        const wait = lastRun + RELAY_GAP_MS - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        lastRun = Date.now();
        try {
          // One loop fetches what was queued; a full batch wakes the others.
          if ((await relayPendingDeliveries()) > 0) boss.notifyWorker(workerIds[relays++ % workerIds.length]!);
        } catch (error) {
          log(`relay failed: ${message(error)}`);
        }
      } while (again);
      relaying = null;
    })();
  };
  const wake = await getSql().listen(WEBHOOK_WAKE_CHANNEL, relay, relay);
  const poll = setInterval(relay, RELAY_POLL_MS);
  poll.unref();

  const sweep = async () => {
    try {
      const requeued = await requeueStrandedDeliveries();
      if (requeued > 0) {
        log(`queued ${requeued} stranded delivery(ies) again`);
        relay();
      }
    } catch (error) {
      log(`sweep failed: ${message(error)}`);
    }
  };
  const sweeper = setInterval(sweep, SWEEP_EVERY_MS);
  sweeper.unref();

  return {
    stop: async () => {
      clearInterval(poll);
      clearInterval(sweeper);
      await wake.unlisten().catch(() => {});
      await relaying;
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      // Attempts under way finish and are recorded.
      await Promise.all(inFlight);
      await recordSuccess.flush();
    },
  };
}

/**
 * The deliveries these jobs may attempt: pending, of an active endpoint, with their attempts
 * still one short of the job's (a job whose attempt was made is stale). A read, not a lock:
 * each attempt costs the delivery's row one write, when its outcome is recorded — guarded by
 * the same count, so of two jobs for one attempt (a Send again while a retry waits) only one
 * records it; both may send it, under the one event id receivers dedupe on.
 */
async function attemptsToMake(pairs: DeliveryJob["attempts"]): Promise<Attempt[]> {
  if (pairs.length === 0) return [];
  const ids = pairs.map(([id]) => id);
  const attempts = pairs.map(([, attempt]) => attempt);
  const claimed = await getSql()<Attempt[]>`
    select distinct on (d.id) d.id::int as id, j.attempt as attempts, d.event_id as "eventId", d.payload, d.created_at::text as "eventAt",
      s.id as "subscriptionId", s.url, s.secret_encrypted as "secretEncrypted"
    from unnest(${ids}::bigint[], ${attempts}::int[]) as j(id, attempt)
    join webhook_deliveries d on d.id = j.id
    join webhook_subscriptions s on s.id = d.subscription_id
    where d.attempts = j.attempt - 1 and d.state = 'pending' and s.active
    order by d.id`;
  if (claimed.length < pairs.length) {
    await getSql()`
      update webhook_deliveries set state = 'failed', next_attempt_at = null,
        last_error = coalesce(last_error || ' — ', '') || 'not sent: the endpoint is disabled'
      where id in (
        select d.id from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
        where d.id = any(${ids}::bigint[]) and d.state = 'pending' and not s.active
        order by d.id for update of d
      )`;
  }
  return [...claimed];
}

// Decrypting is cheap, but every delivery would do it: keep the last few.
const secrets = new Map<string, string | null>();
function secretOf(sealed: string): string | null {
  if (!secrets.has(sealed)) {
    if (secrets.size > 200) secrets.clear();
    secrets.set(sealed, decryptSecret(sealed));
  }
  return secrets.get(sealed)!;
}

/** The body sent: the stored event, keys in the documented order. */
export function deliveryBody(payload: Attempt["payload"]): string {
  return JSON.stringify({ id: payload.id, type: payload.type, createdAt: payload.createdAt, data: payload.data });
}

type SuccessRecorder = ((delivery: Attempt, statusCode: number) => Promise<void>) & { flush: () => Promise<void> };

/**
 * Records successful attempts a batch at a time (one statement for many deliveries rather
 * than one each: at hundreds of deliveries a second this is most of the worker's writes).
 * Rows are locked in id order, as everywhere. Then each endpoint's failing streak ends (a
 * write only when there is one), in a statement of its own: nothing may hold a delivery's
 * row while waiting for its endpoint's, which everything that locks both takes first.
 */
function successRecorder(): SuccessRecorder {
  let batch: Array<{ delivery: Attempt; statusCode: number; done: () => void; failed: (error: unknown) => void }> = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const taken = batch;
    batch = [];
    if (taken.length === 0) return;
    try {
      const ids = taken.map((t) => t.delivery.id);
      const attempts = taken.map((t) => t.delivery.attempts);
      const codes = taken.map((t) => t.statusCode);
      await getSql()`
        with locked as (select id from webhook_deliveries where id = any(${ids}::bigint[]) order by id for update)
        update webhook_deliveries d set state = 'delivered', delivered_at = now(), last_status_code = j.code,
          attempts = j.attempt, last_attempt_at = now(), last_error = null, next_attempt_at = null
        from unnest(${ids}::bigint[], ${attempts}::int[], ${codes}::int[]) as j(id, attempt, code)
        where d.id = j.id and d.id in (select id from locked) and d.attempts = j.attempt - 1 and d.state = 'pending'`;
      for (const subscriptionId of new Set(taken.map((t) => t.delivery.subscriptionId))) {
        await getSql()`update webhook_subscriptions set failing_since = null, updated_at = now() where id = ${subscriptionId} and failing_since is not null`;
      }
      taken.forEach((t) => t.done());
    } catch (error) {
      // Left pending: the sweep hands them out again (receivers dedupe on the event id).
      taken.forEach((t) => t.failed(error));
    }
  };
  const record = (delivery: Attempt, statusCode: number) =>
    new Promise<void>((done, failed) => {
      batch.push({ delivery, statusCode, done, failed });
      if (batch.length >= SUCCESS_BATCH) void flush();
      else timer ??= setTimeout(() => void flush(), SUCCESS_WAIT_MS);
    });
  return Object.assign(record, { flush });
}

async function attempt(delivery: Attempt, recordSuccess: SuccessRecorder): Promise<void> {
  const secret = secretOf(delivery.secretEncrypted);
  let result: PostResult;
  if (secret === null) {
    result = { ok: false, statusCode: null, error: "The endpoint's secret cannot be read (AUTH_SECRET changed?): create the endpoint again." };
  } else {
    const body = deliveryBody(delivery.payload);
    result = await postWebhook({
      url: delivery.url,
      body,
      allowInsecure: insecureWebhooksAllowed(env()),
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Caseline-Webhooks/1",
        [EVENT_ID_HEADER]: delivery.eventId,
        [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
      },
    });
  }
  if (result.ok) await recordSuccess(delivery, result.statusCode);
  else await recordFailure(delivery, result);
}

async function recordFailure(delivery: Attempt, result: Extract<PostResult, { ok: false }>): Promise<void> {
  const { WEBHOOK_RETRY_BASE_SECONDS } = env();
  const decision = nextAttempt({
    eventAt: new Date(delivery.eventAt),
    now: new Date(),
    attempts: delivery.attempts,
    baseSeconds: WEBHOOK_RETRY_BASE_SECONDS,
    random: Math.random(),
  });
  const last = result.error.slice(0, 300);
  const reason = `Every delivery failed for ${DISABLE_AFTER_FAILING_HOURS} hours; last: ${last}`;
  await transaction(async (tx) => {
    const q = tx.$client;
    // The endpoint's failing streak starts now, or — when it has lasted 24 hours — the
    // endpoint is turned off, and its other pending deliveries with it.
    const [endpoint] = await q<Array<{ active: boolean }>>`
      update webhook_subscriptions set
        failing_since = coalesce(failing_since, now()),
        active = case when failing_since < now() - make_interval(hours => ${DISABLE_AFTER_FAILING_HOURS}) then false else active end,
        disabled_reason = case when failing_since < now() - make_interval(hours => ${DISABLE_AFTER_FAILING_HOURS}) then ${reason} else disabled_reason end,
        updated_at = now()
      where id = ${delivery.subscriptionId}
        and (failing_since is null or (active and failing_since < now() - make_interval(hours => ${DISABLE_AFTER_FAILING_HOURS})))
      returning active`;
    const disabledNow = endpoint?.active === false;
    const retry = decision.retry && !disabledNow;
    const [recorded] = await q`
      update webhook_deliveries set last_status_code = ${result.statusCode}, last_error = ${last},
        attempts = ${delivery.attempts}, last_attempt_at = now(),
        state = ${retry ? "pending" : "failed"}::webhook_delivery_state, next_attempt_at = ${decision.retry && retry ? decision.at.toISOString() : null}::timestamptz
      where id = ${delivery.id} and attempts = ${delivery.attempts - 1} and state = 'pending'
      returning id`;
    if (disabledNow) {
      await failPendingDeliveries(q, delivery.subscriptionId, "not sent: the endpoint is disabled");
      await recordAudit(tx, null, { action: "webhook.disabled", target: `webhook:${delivery.subscriptionId}`, before: { active: true }, after: { active: false, disabledReason: reason } });
    }
    // A newer attempt (Send again) overtook this one: it decides what happens next.
    if (recorded && retry && decision.retry) {
      await insertDeliveryJobs(q, [{ attempts: [[delivery.id, delivery.attempts + 1]], startAfter: decision.at }]);
    }
  });
}

/**
 * A pending delivery whose job should have run minutes ago and made no attempt since (its
 * job lost with a crashed worker, or failed for good while the database was away) is handed
 * to the relay again. A job that still exists as well finds its attempt taken: harmless.
 */
export async function requeueStrandedDeliveries(): Promise<number> {
  const rows = await getSql()`
    update webhook_deliveries set queued_at = null
    where state = 'pending' and queued_at is not null
      and coalesce(next_attempt_at, queued_at) < now() - make_interval(secs => ${STRANDED_AFTER_SECONDS})
      and (last_attempt_at is null or last_attempt_at < now() - make_interval(secs => ${STRANDED_AFTER_SECONDS}))
    returning id`;
  return rows.length;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
