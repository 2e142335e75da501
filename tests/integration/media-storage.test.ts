// SPEC §11: the PostgreSQL media storage keeps a file byte for byte, streams it back whole or
// in ranges, refuses what is too large without keeping any of it, and keeps nothing of a
// source that fails half way.
import { createHash, randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getSql } from "@/lib/db/client";
import { CHUNK_SIZE, deleteIncompleteBlobs } from "@/lib/media/postgres-storage";
import { mediaStorage, MissingObjectError, TooLargeError } from "@/lib/media/storage";

let fileId: number;

beforeAll(async () => {
  const [row] = await getSql()<Array<{ id: number }>>`
    insert into media_files (direction, kind, state) values ('inbound', 'image', 'pending') returning id::int`;
  fileId = row!.id;
});

/** Yields `bytes` in pieces of awkward sizes, as a network stream does. */
async function* pieces(bytes: Buffer, size = 70_001): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield new Uint8Array(bytes.subarray(at, at + size));
}

async function readAll(iterable: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of iterable) parts.push(part);
  return Buffer.concat(parts);
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("PostgreSQL media storage", () => {
  it("stores and returns a file byte for byte, across chunk boundaries", async () => {
    const bytes = randomBytes(CHUNK_SIZE * 3 + 12_345);
    const stored = await mediaStorage().put(fileId, pieces(bytes), { maxBytes: 10_000_000 });
    expect(stored).toEqual({ key: expect.any(String), size: bytes.length, sha256: sha256(bytes) });
    const back = await readAll(mediaStorage().read(stored.key));
    expect(sha256(back)).toBe(sha256(bytes));
    const [{ chunks }] = (await getSql()`select count(*)::int as chunks from media_chunks where blob_key = ${stored.key}`) as unknown as [{ chunks: number }];
    expect(chunks).toBe(4);
  });

  it("serves ranges inside one chunk, across chunks and at the end", async () => {
    const bytes = randomBytes(CHUNK_SIZE * 2 + 100);
    const { key } = await mediaStorage().put(fileId, pieces(bytes), { maxBytes: 10_000_000 });
    for (const [start, end] of [
      [0, 0],
      [10, 20],
      [CHUNK_SIZE - 5, CHUNK_SIZE + 5],
      [CHUNK_SIZE, CHUNK_SIZE * 2 + 99],
      [5, CHUNK_SIZE * 2 + 99],
    ] as const) {
      const part = await readAll(mediaStorage().read(key, { start, end }));
      expect(part.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it("keeps an empty file", async () => {
    const stored = await mediaStorage().put(fileId, pieces(Buffer.alloc(0)), { maxBytes: 10 });
    expect(stored.size).toBe(0);
    expect((await readAll(mediaStorage().read(stored.key))).length).toBe(0);
  });

  it("refuses a file over the limit and keeps none of it", async () => {
    const before = await blobCount();
    await expect(mediaStorage().put(fileId, pieces(randomBytes(CHUNK_SIZE + 10)), { maxBytes: CHUNK_SIZE })).rejects.toBeInstanceOf(TooLargeError);
    expect(await blobCount()).toBe(before);
  });

  it("keeps nothing of a source that fails half way", async () => {
    const before = await blobCount();
    async function* failing(): AsyncIterable<Uint8Array> {
      yield new Uint8Array(randomBytes(CHUNK_SIZE * 2));
      throw new Error("connection reset");
    }
    await expect(mediaStorage().put(fileId, failing(), { maxBytes: 10_000_000 })).rejects.toThrow("connection reset");
    expect(await blobCount()).toBe(before);
  });

  it("says when an object is gone, and deleting it twice is fine", async () => {
    const { key } = await mediaStorage().put(fileId, pieces(randomBytes(1000)), { maxBytes: 10_000 });
    await mediaStorage().delete(key);
    await mediaStorage().delete(key);
    await expect(readAll(mediaStorage().read(key))).rejects.toBeInstanceOf(MissingObjectError);
  });

  it("deleting the file deletes its bytes; old incomplete blobs are swept", async () => {
    const sql = getSql();
    const [other] = await sql<Array<{ id: number }>>`insert into media_files (direction, kind) values ('inbound', 'file') returning id::int`;
    const { key } = await mediaStorage().put(other!.id, pieces(randomBytes(CHUNK_SIZE + 1)), { maxBytes: 10_000_000 });
    await sql`delete from media_files where id = ${other!.id}`;
    expect(await sql`select 1 from media_chunks where blob_key = ${key}`).toHaveLength(0);

    await sql`insert into media_blobs (key, file_id, chunk_size, created_at) values ('left-over', ${fileId}, ${CHUNK_SIZE}, now() - interval '2 hours')`;
    await sql`insert into media_blobs (key, file_id, chunk_size) values ('in-progress', ${fileId}, ${CHUNK_SIZE})`;
    expect(await deleteIncompleteBlobs(60)).toBe(1);
    expect((await sql`select key from media_blobs where not complete`).map((r) => r.key)).toEqual(["in-progress"]);
  });
});

async function blobCount(): Promise<number> {
  const [row] = await getSql()<Array<{ n: number }>>`select count(*)::int as n from media_blobs`;
  return row!.n;
}
