// How a stored file is served (SPEC §11), pure: never rendered as a page from Caseline's own
// origin. Only images, audio and video of an allow-list are served with their own type (and
// inline, so the thread can show them); everything else — HTML, SVG, XML, PDF, unknown — goes
// as application/octet-stream, as an attachment, with a safe file name. Ranges for players.

/** Types a browser shows as an image or plays, and nothing else (no SVG: it is a document). */
const INLINE_TYPES = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
  "audio/mpeg",
  "audio/mp4",
  "audio/aac",
  "audio/ogg",
  "audio/opus",
  "audio/wav",
  "audio/webm",
  "audio/amr",
  "video/mp4",
  "video/webm",
  "video/ogg",
  "video/3gpp",
  "video/quicktime",
]);

export function isInlineType(contentType: string | null): boolean {
  return contentType !== null && INLINE_TYPES.has(contentType.toLowerCase());
}

/** The Content-Type and disposition a file is served with. */
export function servedAs(contentType: string | null): { contentType: string; inline: boolean } {
  return isInlineType(contentType) ? { contentType: contentType!.toLowerCase(), inline: true } : { contentType: "application/octet-stream", inline: false };
}

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/avif": "avif",
  "image/bmp": "bmp",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "audio/ogg": "ogg",
  "audio/opus": "opus",
  "audio/wav": "wav",
  "audio/webm": "weba",
  "audio/amr": "amr",
  "video/mp4": "mp4",
  "video/webm": "webm",
  "video/ogg": "ogv",
  "video/3gpp": "3gp",
  "video/quicktime": "mov",
  "application/pdf": "pdf",
  "text/plain": "txt",
  "text/vcard": "vcf",
};

/**
 * The file's name for a download: the sender's name without path parts, control characters
 * or characters file systems refuse, at most 150 characters; without one, "image-12.jpg".
 */
export function downloadName({ name, kind, id, contentType }: { name: string | null; kind: string; id: number; contentType: string | null }): string {
  const cleaned = (name ?? "")
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[\\/:*?"<>|]/g, "_")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (cleaned) return Array.from(cleaned).slice(0, 150).join("");
  const extension = contentType ? EXTENSIONS[contentType.toLowerCase()] : undefined;
  return `${kind}-${id}${extension ? `.${extension}` : ""}`;
}

/** RFC 6266 / 5987: an ASCII `filename` for old clients and the exact one in `filename*`. */
export function contentDisposition(inline: boolean, fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export type RangeRequest = { kind: "whole" } | { kind: "range"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * One `Range: bytes=…` of a file of `size` bytes: a single range (start-end, start-, -suffix).
 * Anything else — several ranges, another unit, nonsense — is answered with the whole file,
 * as RFC 9110 allows.
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  if (!header) return { kind: "whole" };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return { kind: "whole" };
  const [, from, to] = match as unknown as [string, string, string];
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "range", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (to !== "" && Number(to) < start) return { kind: "whole" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "range", start, end };
}
