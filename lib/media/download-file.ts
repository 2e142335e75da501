// Copies one inbound file into Caseline's storage (SPEC §11). Worker-time: no user acts here.
//
// A worker first claims the file: its attempt count goes up and next_attempt_at moves past
// the longest download (the lease), so another worker — a second job for the same file, the
// sweep's — finds nothing to claim until the lease runs out; the attempt count is the claim's
// token, and the outcome is recorded only while it still holds (a worker that outlived its
// lease records nothing and deletes what it stored). A failure is retried with backoff (a job
// per attempt, inserted with the failure) for 48 hours from the message's arrival — Vonage's
// timestamp, or ours when earlier, so a message routed late by Process again keeps its link's
// real age — then the file is failed with the reason; some failures are final at once (too
// large, a link or a redirect Caseline does not fetch). Every outcome tells the consoles
// showing the case.
import "server-only";
import { env } from "@/lib/config/env";
import { getSql, transaction } from "@/lib/db/client";
import { enqueueMediaDownload } from "@/lib/jobs/media-queue";
import { CHANGES_CHANNEL } from "@/lib/realtime/channel";
import { cleanContentType, gaveUpReason, nextDownloadAttempt, sniffMediaType, TOO_LARGE_REASON } from "./download-rules";
import { DOWNLOAD_TIMEOUT_MS, fetchSource, SourceError } from "./fetch-source";
import { fetchMediaRules } from "./media-rules";
import { MAX_MEDIA_BYTES } from "./media-kinds";
import { sourceAccess } from "./source-access";
import { checkMediaUrl, isVonageHost, mayCarryApplicationJwt } from "./source-url";
import { mediaStorage, TooLargeError, type StoredObject } from "./storage";

/** How long a claim holds: longer than any download may take (fetch-source's timeout). */
export const CLAIM_LEASE_SECONDS = DOWNLOAD_TIMEOUT_MS / 1000 + 5 * 60;

export type DownloadOutcome =
  | { result: "saved"; size: number }
  | { result: "retry"; reason: string; at: Date }
  | { result: "failed"; reason: string }
  /** Nothing to do: not pending, claimed by another worker, or not due yet. */
  | { result: "skipped" };

type Claim = { id: number; attempts: number; sourceUrl: string | null; arrivedAtMs: number };

export async function downloadMediaFile(fileId: number): Promise<DownloadOutcome> {
  const [claim] = await getSql()<Claim[]>`
    with claimed as (
      update media_files f set attempts = f.attempts + 1, next_attempt_at = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})
      from messages m
      where f.id = ${fileId} and f.state = 'pending' and f.direction = 'inbound' and m.id = f.message_id
        and (f.next_attempt_at is null or f.next_attempt_at <= now())
      returning f.id::int as id, f.attempts, f.source_url as "sourceUrl", (extract(epoch from least(m.created_at, coalesce(m.provider_timestamp, m.created_at))) * 1000)::float8 as "arrivedAtMs"
    ), leftovers as (
      -- What an earlier attempt that died left behind (its claim has run out, so it is over): half
      -- written, or written whole just before it died, without the file pointing at it (a pending
      -- file has no stored copy of its own).
      delete from media_blobs where file_id in (select id from claimed)
    )
    select * from claimed`;
  if (!claim) return { result: "skipped" };

  const access = await sourceAccess();
  const rules = fetchMediaRules(access.provider);
  const check = claim.sourceUrl ? checkMediaUrl(claim.sourceUrl, rules) : { ok: false as const, reason: "Vonage sent no link to this file." };
  if (!check.ok) return recordFailure(claim, { final: true, who: "", reason: check.reason });

  const source = await fetchSource(check.url, { rules, authorization: mayCarryApplicationJwt(check.url) ? access.authorization() : null });
  if (!source.ok) return recordFailure(claim, source);
  let stored: StoredObject;
  // The first bytes, to name a file its source sent without a useful type.
  let head: Buffer | null = null;
  const body = source.body;
  async function* remembered(): AsyncIterable<Uint8Array> {
    for await (const piece of body) {
      head ??= Buffer.from(piece.subarray(0, 16));
      yield piece;
    }
  }
  try {
    stored = await mediaStorage().put(claim.id, remembered(), { maxBytes: MAX_MEDIA_BYTES });
  } catch (error) {
    if (error instanceof TooLargeError) return recordFailure(claim, { final: true, who: source.who, reason: TOO_LARGE_REASON });
    if (error instanceof SourceError) return recordFailure(claim, { final: false, who: source.who, reason: error.reason });
    // Our side (the database): tried again like a failed source, if that can be recorded.
    const detail = error instanceof Error ? error.message : String(error);
    return recordFailure(claim, { final: false, who: source.who, reason: `Caseline could not store the file (${detail.slice(0, 200)})` });
  } finally {
    source.close();
  }
  if (stored.size === 0) {
    // No media message is an empty file: a source that answered with nothing is tried again.
    await mediaStorage().delete(stored.key);
    return recordFailure(claim, { final: false, who: source.who, reason: `${source.who} sent an empty file` });
  }
  const stated = cleanContentType(source.contentType);
  const contentType = stated === "application/octet-stream" && head ? (sniffMediaType(head) ?? stated) : stated;
  const saved = await transaction(async (tx) => {
    const [row] = await tx.$client<Array<{ updated: number }>>`
      with f as (
        update media_files set state = 'saved', content_type = ${contentType}, size = ${stored.size},
          sha256 = ${stored.sha256}, storage_key = ${stored.key}, saved_at = now(), failure_reason = null, next_attempt_at = null
        where id = ${claim.id} and state = 'pending' and attempts = ${claim.attempts}
        returning message_id
      )
      select count(*)::int as updated, ${notifyCases(tx.$client)} from f`;
    return row!.updated > 0;
  });
  if (!saved) {
    // The claim ran out and another attempt took over (or staff changed it): its outcome counts.
    await mediaStorage().delete(stored.key);
    return { result: "skipped" };
  }
  return { result: "saved", size: stored.size };
}

type Failure = { final: boolean; who: string; reason: string };

async function recordFailure(claim: Claim, failure: Failure): Promise<DownloadOutcome> {
  const decision = failure.final
    ? ({ retry: false } as const)
    : nextDownloadAttempt({
        arrivedAt: new Date(claim.arrivedAtMs),
        now: new Date(),
        attempts: claim.attempts,
        baseSeconds: env().MEDIA_RETRY_BASE_SECONDS,
        random: Math.random(),
      });
  const reason = failure.final || decision.retry ? failure.reason : gaveUpReason(failure.who === "Vonage" || isVonageSource(claim) ? "Vonage" : failure.who, failure.reason);
  const at = decision.retry ? decision.at : null;
  await transaction(async (tx) => {
    const [row] = await tx.$client<Array<{ updated: number }>>`
      with f as (
        update media_files set state = ${at ? "pending" : "failed"}::media_state, failure_reason = ${reason.slice(0, 500)},
          next_attempt_at = ${at?.toISOString() ?? null}::timestamptz
        where id = ${claim.id} and state = 'pending' and attempts = ${claim.attempts}
        returning message_id
      )
      select count(*)::int as updated, ${notifyCases(tx.$client)} from f`;
    if (row!.updated > 0 && at) await enqueueMediaDownload(tx.$client, claim.id, at);
  });
  return at ? { result: "retry", reason, at } : { result: "failed", reason };
}

function isVonageSource(claim: Claim): boolean {
  try {
    return claim.sourceUrl !== null && isVonageHost(new URL(claim.sourceUrl).hostname);
  } catch {
    return false;
  }
}

/**
 * A select-list expression telling the consoles of every case holding the file's message
 * (per survey) that it changed, on commit: the thread shows the image, or the reason.
 */
function notifyCases(sql: ReturnType<typeof getSql>) {
  return sql`(
    select count(pg_notify(${CHANGES_CHANNEL}, json_build_object('surveyId', s.survey_id, 'caseIds', s.case_ids, 'kind', 'media')::text)::text)
    from (
      select c.survey_id, json_agg(c.id order by c.id) as case_ids
      from case_messages cm join cases c on c.id = cm.case_id
      where cm.message_id in (select message_id from f)
      group by c.survey_id
    ) s
  )::int as notified`;
}
