// SPEC §11: the file behind a signed address (lib/media/signed-url.ts), for Vonage to fetch
// (system: no user — the signature is the permission). Only outbound files attached to a
// reply are ever served this way; anything else, a wrong signature or an expired address is
// the same "not found".
import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import { mediaUrlKey } from "@/lib/crypto/secret-box";
import { getDb } from "@/lib/db/client";
import { mediaFiles } from "@/lib/db/schema";
import { mediaStorage, MissingObjectError } from "./storage";
import { verifyMediaUrl } from "./signed-url";

export type PublicFile = { name: string | null; contentType: string; size: number; kind: string; body: AsyncIterable<Buffer> };

export async function openPublicFile(parts: { fileId: string; expires: string; signature: string }, nowMs = Date.now()): Promise<PublicFile | null> {
  const fileId = verifyMediaUrl(mediaUrlKey(), parts, nowMs);
  if (fileId === null) return null;
  const [file] = await getDb()
    .select({ name: mediaFiles.name, contentType: mediaFiles.contentType, size: mediaFiles.size, kind: mediaFiles.kind, storageKey: mediaFiles.storageKey })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.id, fileId), eq(mediaFiles.direction, "outbound"), eq(mediaFiles.state, "saved"), isNotNull(mediaFiles.messageId)))
    .limit(1);
  if (!file?.storageKey || !file.contentType || file.size === null) return null;
  // The first piece is read here, so a file whose bytes are gone is a 404, not a broken 200.
  const iterator = mediaStorage().read(file.storageKey)[Symbol.asyncIterator]();
  let first: IteratorResult<Buffer>;
  try {
    first = await iterator.next();
  } catch (error) {
    if (error instanceof MissingObjectError) return null;
    throw error;
  }
  async function* body(): AsyncIterable<Buffer> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { name: file.name, contentType: file.contentType, size: file.size, kind: file.kind, body: body() };
}
