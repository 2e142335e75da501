// SPEC §11: where Vonage fetches a file staff sent — a signed address that expires
// (lib/media/signed-url.ts). No session or token: the signature is the permission. Anything
// invalid, expired or gone answers a bare 404 that says nothing about why.
import { openPublicFile, type PublicFile } from "@/lib/media/public-file";
import { urlSafeFileName } from "@/lib/media/outbound-rules";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ fileId: string; expires: string; signature: string }> };

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

function headersOf(file: PublicFile): Headers {
  // Images, audio and video as what they are; anything else only ever as a download. Never
  // sniffed, never scripted: this is our origin.
  const inline = file.kind === "image" || file.kind === "audio" || file.kind === "video";
  const name = file.name ?? "file";
  return new Headers({
    "Content-Type": file.contentType,
    "Content-Length": String(file.size),
    "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${urlSafeFileName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
  });
}

function streamOf(body: AsyncIterable<Buffer>): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export async function GET(_request: Request, context: Context) {
  try {
    const file = await openPublicFile(await context.params);
    if (!file) return notFound();
    return new Response(streamOf(file.body), { status: 200, headers: headersOf(file) });
  } catch (error) {
    console.error(error);
    return new Response("Error", { status: 500, headers: { "Cache-Control": "no-store" } });
  }
}

export async function HEAD(_request: Request, context: Context) {
  try {
    const file = await openPublicFile(await context.params);
    if (!file) return notFound();
    await (file.body[Symbol.asyncIterator]() as AsyncIterator<Buffer>).return?.();
    return new Response(null, { status: 200, headers: headersOf(file) });
  } catch (error) {
    console.error(error);
    return new Response(null, { status: 500 });
  }
}
