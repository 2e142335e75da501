// Reads an upload request (POST /api/v1/uploads and the console's POST /api/uploads): the raw
// body is the file, streamed; Content-Type says what it is; the name comes as ?name= or as
// the X-File-Name header (URL-encoded, since headers are ASCII).
import "server-only";
import { AppError } from "@/lib/http/app-error";
import { bodyChunks, type UploadInput } from "./upload";

export const FILE_NAME_HEADER = "x-file-name";

export function uploadInputFrom(request: Request, queryName?: string): UploadInput {
  let name = queryName ?? null;
  const header = request.headers.get(FILE_NAME_HEADER);
  if (!name && header) {
    try {
      name = decodeURIComponent(header);
    } catch {
      throw new AppError("bad_request", "X-File-Name is not URL-encoded: encode the name with encodeURIComponent.");
    }
  }
  const length = request.headers.get("content-length");
  const declared = length !== null && /^\d+$/.test(length.trim()) ? Number(length) : null;
  return { name, contentType: request.headers.get("content-type"), declaredLength: declared, body: bodyChunks(request.body) };
}
