// Where the bytes of media files live (SPEC §11). One small interface so that an
// S3-compatible store can be added later beside the PostgreSQL one (the default: every
// instance sees it, and it is backed up with the data). Everything streams: a 100 MB file is
// never one value in memory, on the way in or out.
import "server-only";
import { postgresStorage } from "./postgres-storage";

export type StoredObject = {
  /** Names the bytes in the storage; kept in media_files.storage_key. */
  key: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
};

/** Inclusive byte offsets, as in an HTTP Range header. */
export type ByteRange = { start: number; end: number };

export interface MediaStorage {
  /**
   * Streams `source` into a new object of file `fileId`. More than `maxBytes` → TooLargeError
   * and nothing is kept; a failing source → its error, nothing kept.
   */
  put(fileId: number, source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StoredObject>;
  /** The object's bytes (or the range of them), in order, as they are read. */
  read(key: string, range?: ByteRange): AsyncIterable<Buffer>;
  /** Removes an object (nothing happens when it is gone already). */
  delete(key: string): Promise<void>;
}

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${Math.round(maxBytes / 1_000_000)} MB`);
    this.name = "TooLargeError";
  }
}

/** The object was deleted (or never completed) while it was being read. */
export class MissingObjectError extends Error {
  constructor(key: string) {
    super(`the stored file ${key} is not there (any more)`);
    this.name = "MissingObjectError";
  }
}

export function mediaStorage(): MediaStorage {
  return postgresStorage;
}
