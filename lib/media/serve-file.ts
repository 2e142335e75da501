// Serves one stored file (SPEC §11) to a user who may see a case holding its message — the
// one access check (requireVisibleMediaFile), for the console's session and the API's token
// alike (GET /api/v1/media/{id}). Streamed from the storage as it is read, never buffered
// whole; a single byte range (206) for players; headers that keep a file from ever running
// as a page of Caseline's origin (./serve-rules.ts).
import "server-only";
import { requireVisibleMediaFile, type CurrentUser } from "@/lib/auth/access";
import { AppError } from "@/lib/http/app-error";
import { contentDisposition, downloadName, parseRange, servedAs } from "./serve-rules";
import { mediaStorage, MissingObjectError, type ByteRange } from "./storage";

export async function mediaFileResponse(actor: CurrentUser, fileId: number, request: Request): Promise<Response> {
  const file = await requireVisibleMediaFile(actor, fileId);
  if (file.state !== "saved" || !file.storageKey || file.size === null || !file.sha256) {
    throw new AppError(
      "conflict",
      file.state === "failed"
        ? `The file could not be saved: ${file.failureReason ?? "no reason given"}.`
        : "The file is still being saved (state: pending). Try again shortly.",
    );
  }
  const size = file.size;
  const etag = `"${file.sha256}"`;
  const { contentType, inline } = servedAs(file.contentType);
  const headers = new Headers({
    "content-type": contentType,
    "content-disposition": contentDisposition(inline, downloadName({ name: file.name, kind: file.kind, id: file.id, contentType: file.contentType })),
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "cross-origin-resource-policy": "same-origin",
    // Revalidated every time (a 304 is cheap): whoever lost access stops seeing it at once.
    "cache-control": "private, no-cache",
    etag,
    "accept-ranges": "bytes",
  });
  if (matchesEtag(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });

  const ifRange = request.headers.get("if-range");
  const asked = ifRange !== null && ifRange.trim() !== etag ? { kind: "whole" as const } : parseRange(request.headers.get("range"), size);
  if (asked.kind === "unsatisfiable") {
    throw new AppError("range_not_satisfiable", `The file has ${size} bytes: the range asked for is outside it.`, { "content-range": `bytes */${size}` });
  }
  const range: ByteRange | undefined = asked.kind === "range" ? { start: asked.start, end: asked.end } : undefined;
  const length = range ? range.end - range.start + 1 : size;
  headers.set("content-length", String(length));
  if (range) headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
  const status = range ? 206 : 200;
  if (request.method === "HEAD" || length === 0) return new Response(null, { status, headers });

  const chunks = mediaStorage().read(file.storageKey, range)[Symbol.asyncIterator]();
  // The first read before answering: a file whose bytes are gone is an error, not a cut-off 200.
  let first: IteratorResult<Buffer>;
  try {
    first = await chunks.next();
  } catch (error) {
    if (error instanceof MissingObjectError) throw new AppError("not_found", "File not found.");
    throw error;
  }
  return new Response(streamOf(first, chunks), { status, headers });
}

/** A pull stream over the storage's chunks: the next chunk is read when the client takes one. */
function streamOf(first: IteratorResult<Buffer>, rest: AsyncIterator<Buffer>): ReadableStream<Uint8Array> {
  let pending: IteratorResult<Buffer> | null = first;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = pending ?? (await rest.next());
        pending = null;
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      },
      async cancel() {
        await rest.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((value) => {
    const tag = value.trim().replace(/^W\//, "");
    return tag === etag || tag === "*";
  });
}
