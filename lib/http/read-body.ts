// Reading a request body with a size cap, as a stream: a huge body is refused (413) before it
// is all in memory. Used by Vonage's webhooks and the API.
import "server-only";
import { AppError } from "./app-error";

export async function readLimitedBody(request: Request, limit: number, tooLargeMessage: string): Promise<Buffer> {
  const tooLarge = () => new AppError("payload_too_large", tooLargeMessage);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
