// SPEC §11 Outbound: a file staff (or an API client) will send, uploaded before the reply
// that carries it. The bytes stream into the media storage (never whole in memory) under a
// media_files row (direction outbound, no message yet) that only its uploader may attach to
// a reply (lib/outbound/queue-reply.ts). Uploads never attached are deleted after a day.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { CurrentUser } from "@/lib/auth/access";
import { getDb } from "@/lib/db/client";
import { mediaFiles } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import {
  checkUpload,
  cleanFileName,
  formatBytes,
  MAX_UPLOAD_BYTES,
  matchesSignature,
  normaliseContentType,
  signatureLength,
  type MediaKind,
} from "./outbound-rules";
import { mediaStorage, TooLargeError } from "./storage";

export type UploadInput = {
  /** The file's name as the client gave it (cleaned here). */
  name: string | null;
  /** The request's Content-Type (guessed from the name when missing or octet-stream). */
  contentType: string | null;
  /** Content-Length when the client sent one: a file too large is refused before any byte is read. */
  declaredLength: number | null;
  body: AsyncIterable<Uint8Array>;
};

export type UploadedMedia = { id: number; name: string; contentType: string; size: number; sha256: string; kind: MediaKind };

export const NO_NAME = "Give the file's name: ?name=report.pdf, or the X-File-Name header (URL-encoded).";
const TOO_LARGE = `The file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}, the most Caseline takes.`;

/** Any signed-in user may upload; what they may attach it to is checked when they reply. */
export async function uploadMedia(actor: CurrentUser, input: UploadInput): Promise<UploadedMedia> {
  const name = cleanFileName(input.name ?? "");
  if (!name) throw new AppError("bad_request", NO_NAME);
  if (input.declaredLength !== null && input.declaredLength > MAX_UPLOAD_BYTES) throw new AppError("payload_too_large", TOO_LARGE);
  const contentType = normaliseContentType(input.contentType, name);
  const check = checkUpload({ contentType, size: input.declaredLength });
  if (!check.ok) throw new AppError("bad_request", check.reason);
  const type = contentType!;

  const [row] = await getDb()
    .insert(mediaFiles)
    .values({ direction: "outbound", kind: check.kind, state: "pending", name, contentType: type, uploadedBy: actor.id })
    .returning({ id: mediaFiles.id });
  const id = row!.id;
  try {
    const stored = await mediaStorage().put(id, checkedSignature(input.body, type), { maxBytes: MAX_UPLOAD_BYTES });
    if (stored.size === 0) throw new AppError("bad_request", "The file is empty.");
    await getDb()
      .update(mediaFiles)
      .set({ state: "saved", size: stored.size, sha256: stored.sha256, storageKey: stored.key, savedAt: sql`now()` })
      .where(eq(mediaFiles.id, id));
    return { id, name, contentType: type, size: stored.size, sha256: stored.sha256, kind: check.kind };
  } catch (error) {
    // Nothing is kept of a failed upload: the row goes, and its bytes with it (cascade).
    await getDb().delete(mediaFiles).where(eq(mediaFiles.id, id)).catch(() => {});
    if (error instanceof TooLargeError) throw new AppError("payload_too_large", TOO_LARGE);
    throw error;
  }
}

/**
 * Passes the bytes on, refusing an image whose first bytes are not those of its type (so
 * nothing else is ever shown or sent under an image's name).
 */
async function* checkedSignature(source: AsyncIterable<Uint8Array>, contentType: string): AsyncIterable<Uint8Array> {
  const need = signatureLength(contentType);
  if (need === 0) {
    yield* source;
    return;
  }
  const refuse = () => new AppError("bad_request", `The file's content is not ${contentType}: check that it is the file you meant.`);
  let head: Buffer | null = Buffer.alloc(0);
  for await (const piece of source) {
    if (head === null) {
      yield piece;
      continue;
    }
    head = Buffer.concat([head, piece]);
    if (head.length < need) continue;
    if (!matchesSignature(contentType, head)) throw refuse();
    yield head;
    head = null;
  }
  if (head !== null && head.length > 0) throw refuse();
}

/** A web request body as the storage reads it; the body is cancelled if reading stops early. */
export async function* bodyChunks(body: ReadableStream<Uint8Array> | null): AsyncIterable<Uint8Array> {
  if (!body) return;
  const reader = body.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {});
  }
}

/**
 * Deletes uploads never attached to a reply, older than `olderThanHours` (system: the worker
 * runs it). A reply attaching one at the same moment wins or loses cleanly: the row is locked
 * and "not attached" checked again. Returns how many went.
 */
export async function deleteStaleUploads(olderThanHours = 24, batch = 100): Promise<number> {
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const rows = await getDb().execute(sql`
      delete from media_files where id in (
        select id from media_files
        where message_id is null and direction = 'outbound' and created_at < now() - make_interval(hours => ${olderThanHours})
        order by created_at limit ${batch} for update skip locked)
      returning id`);
    total += rows.length;
    if (rows.length < batch) break;
  }
  return total;
}
