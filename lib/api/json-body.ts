// Reading an API request's JSON body: a size cap (read as a stream, so a huge body is refused
// before it is all in memory) and a clear error for what is not JSON.
import "server-only";
import { AppError } from "@/lib/http/app-error";

export const MAX_API_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_API_BODY_BYTES) throw tooLarge();
  const text = await readText(request);
  if (!text.trim()) throw new AppError("bad_request", "The request body is empty: send a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}

async function readText(request: Request): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_API_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

function tooLarge(): AppError {
  return new AppError("payload_too_large", `The request body is over ${MAX_API_BODY_BYTES / 1024} KB.`);
}
