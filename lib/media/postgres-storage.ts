// The PostgreSQL media storage: one media_blobs row per stored object, its bytes in
// media_chunks of CHUNK_SIZE (the last one shorter). Chunks are written one at a time as the
// source yields them (each its own statement, not one long transaction holding a connection
// for a slow download); the blob counts only once `complete` is set, and an incomplete one
// (a copy that failed half way, or a process that died) is deleted by the caller or the sweep.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { getSql } from "@/lib/db/client";
import { MissingObjectError, TooLargeError, type ByteRange, type MediaStorage, type StoredObject } from "./storage";

/** 256 KiB: small enough to hold a few in memory per request, large enough that 100 MB is 400 rows. */
export const CHUNK_SIZE = 256 * 1024;
/** Chunks read per query when serving (1 MiB). */
const READ_BATCH = 4;

async function put(fileId: number, source: AsyncIterable<Uint8Array>, { maxBytes }: { maxBytes: number }): Promise<StoredObject> {
  const sql = getSql();
  const key = randomUUID();
  await sql`insert into media_blobs (key, file_id, chunk_size) values (${key}, ${fileId}, ${CHUNK_SIZE})`;
  const hash = createHash("sha256");
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (bytes: Buffer) => {
    await sql`insert into media_chunks (blob_key, seq, data) values (${key}, ${seq}, ${bytes})`;
    seq += 1;
  };
  try {
    for await (const piece of source) {
      const buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      size += buffer.length;
      if (size > maxBytes) throw new TooLargeError(maxBytes);
      hash.update(buffer);
      pending.push(buffer);
      pendingBytes += buffer.length;
      while (pendingBytes >= CHUNK_SIZE) {
        const joined = Buffer.concat(pending, pendingBytes);
        await flush(joined.subarray(0, CHUNK_SIZE));
        const rest = joined.subarray(CHUNK_SIZE);
        pending = rest.length > 0 ? [Buffer.from(rest)] : [];
        pendingBytes = rest.length;
      }
    }
    if (pendingBytes > 0) await flush(Buffer.concat(pending, pendingBytes));
    await sql`update media_blobs set size = ${size}, complete = true where key = ${key}`;
    return { key, size, sha256: hash.digest("hex") };
  } catch (error) {
    await sql`delete from media_blobs where key = ${key}`.catch(() => {});
    throw error;
  }
}

async function* read(key: string, range?: ByteRange): AsyncIterable<Buffer> {
  const sql = getSql();
  const [blob] = await sql<Array<{ size: string; chunkSize: number }>>`
    select size::text as size, chunk_size as "chunkSize" from media_blobs where key = ${key} and complete`;
  if (!blob) throw new MissingObjectError(key);
  const size = Number(blob.size);
  if (size === 0) return;
  const start = range?.start ?? 0;
  const end = Math.min(range?.end ?? size - 1, size - 1);
  if (start > end) return;
  const first = Math.floor(start / blob.chunkSize);
  const last = Math.floor(end / blob.chunkSize);
  for (let from = first; from <= last; from += READ_BATCH) {
    const to = Math.min(last, from + READ_BATCH - 1);
    const rows = await sql<Array<{ seq: number; data: Buffer }>>`
      select seq, data from media_chunks where blob_key = ${key} and seq between ${from} and ${to} order by seq`;
    if (rows.length !== to - from + 1) throw new MissingObjectError(key);
    for (const { seq, data } of rows) {
      const offset = seq * blob.chunkSize;
      const sliceStart = Math.max(0, start - offset);
      const sliceEnd = Math.min(data.length, end - offset + 1);
      yield sliceStart === 0 && sliceEnd === data.length ? data : data.subarray(sliceStart, sliceEnd);
    }
  }
}

async function remove(key: string): Promise<void> {
  await getSql()`delete from media_blobs where key = ${key}`;
}

/**
 * Deletes blobs left incomplete for longer than `olderThanMinutes` (a copy that died with its
 * process) — or, for a staff upload, than `uploadMinutes`: a large file on a slow line may take
 * that long, and deleting its blob would fail it half way. Returns how many.
 */
export async function deleteIncompleteBlobs(olderThanMinutes = 60, uploadMinutes = 6 * 60): Promise<number> {
  const rows = await getSql()`
    delete from media_blobs b using media_files f
    where not b.complete and f.id = b.file_id
      and b.created_at < now() - make_interval(mins => case when f.direction = 'outbound' then ${uploadMinutes}::int else ${olderThanMinutes}::int end)
    returning b.key`;
  return rows.length;
}

export const postgresStorage: MediaStorage = { put, read, delete: remove };
