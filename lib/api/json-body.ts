// Reading an API request's JSON body: a size cap (lib/http/read-body.ts) and a clear error for
// what is not JSON.
import "server-only";
import { AppError } from "@/lib/http/app-error";
import { readLimitedBody } from "@/lib/http/read-body";

export const MAX_API_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(request: Request): Promise<unknown> {
  const text = (await readLimitedBody(request, MAX_API_BODY_BYTES, `The request body is over ${MAX_API_BODY_BYTES / 1024} KB.`)).toString("utf8");
  if (!text.trim()) throw new AppError("bad_request", "The request body is empty: send a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}
