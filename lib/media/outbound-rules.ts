// SPEC §11 Outbound: what a reply may carry as a file, per channel. Pure and client-safe: the
// composer checks a file with these rules before uploading it, and the server checks again
// when the upload is attached to a reply (the upload itself does not know the case).
//
// WhatsApp's limits are Meta's (Cloud API "supported media types", as Vonage passes them on):
// image JPEG/PNG 5 MB; audio AAC/MP4/MPEG/AMR/OGG 16 MB; video MP4/3GPP 16 MB; documents
// (PDF, office, text) 100 MB. Megabytes are decimal (1 MB = 1,000,000 bytes): a little under
// Meta's own count, so nothing we accept is refused later, asynchronously, by WhatsApp.
//
// SMS carries no files. MMS exists only in the US and Canada and is not a channel of our
// number links, so a file on an SMS case is refused with the reason.

export const MB = 1_000_000;
/** The most any upload may be (the largest WhatsApp document). */
export const MAX_UPLOAD_BYTES = 100 * MB;
/** WhatsApp's longest caption (Meta: 1024 characters), the case reference included. */
export const MAX_CAPTION_LENGTH = 1024;

/** Vonage's message_type for each kind of file. */
export type MediaKind = "image" | "audio" | "video" | "file";

type KindRule = { kind: MediaKind; types: readonly string[]; maxBytes: number; label: string };

const IMAGE_TYPES = ["image/jpeg", "image/png"] as const;
const AUDIO_TYPES = ["audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg"] as const;
const VIDEO_TYPES = ["video/mp4", "video/3gpp"] as const;
const DOCUMENT_TYPES = [
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/rtf",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.ms-powerpoint",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
  "application/vnd.oasis.opendocument.presentation",
] as const;

export const WHATSAPP_RULES: readonly KindRule[] = [
  { kind: "image", types: IMAGE_TYPES, maxBytes: 5 * MB, label: "An image (JPEG or PNG)" },
  { kind: "audio", types: AUDIO_TYPES, maxBytes: 16 * MB, label: "Audio" },
  { kind: "video", types: VIDEO_TYPES, maxBytes: 16 * MB, label: "A video (MP4 or 3GPP)" },
  { kind: "file", types: DOCUMENT_TYPES, maxBytes: 100 * MB, label: "A document" },
];

/** Every content type some channel can carry: what the upload accepts at all. */
export const SENDABLE_TYPES: readonly string[] = WHATSAPP_RULES.flatMap((r) => r.types);

/** For the file picker's `accept`: the types, and the extensions for systems that do not know them. */
export const ACCEPT_ATTRIBUTE = [...SENDABLE_TYPES, ".jpg", ".jpeg", ".png", ".mp3", ".m4a", ".aac", ".amr", ".ogg", ".opus", ".mp4", ".3gp", ".pdf", ".txt", ".csv", ".rtf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp"].join(",");

const BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  aac: "audio/aac",
  m4a: "audio/mp4",
  mp3: "audio/mpeg",
  amr: "audio/amr",
  ogg: "audio/ogg",
  opus: "audio/ogg",
  mp4: "video/mp4",
  "3gp": "video/3gpp",
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  rtf: "application/rtf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  odt: "application/vnd.oasis.opendocument.text",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  odp: "application/vnd.oasis.opendocument.presentation",
};

/** Other spellings of the same types (browsers and systems differ). */
const ALIASES: Record<string, string> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "audio/mp3": "audio/mpeg",
  "audio/x-m4a": "audio/mp4",
  "audio/m4a": "audio/mp4",
  "audio/x-aac": "audio/aac",
  "audio/opus": "audio/ogg",
  "video/3gp": "video/3gpp",
  "application/csv": "text/csv",
  "text/rtf": "application/rtf",
};

/**
 * The content type to keep for a file: the one given (lower case, without parameters, common
 * aliases folded), or — when none or only application/octet-stream was given — the one its
 * name's extension says. Null when neither says anything.
 */
export function normaliseContentType(given: string | null | undefined, name: string): string | null {
  const bare = (given ?? "").split(";")[0]!.trim().toLowerCase();
  if (bare && bare !== "application/octet-stream") return ALIASES[bare] ?? bare;
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(name.trim())?.[1]?.toLowerCase();
  return extension ? (BY_EXTENSION[extension] ?? null) : null;
}

/** Vonage's message_type for a content type: image/audio/video as WhatsApp shows them, else a file. */
export function mediaKindOf(contentType: string): MediaKind {
  return WHATSAPP_RULES.find((r) => r.types.includes(contentType))?.kind ?? "file";
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < MB) return `${Math.round(bytes / 1000)} KB`;
  const mb = bytes / MB;
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, "") : Math.round(mb)} MB`;
}

export type UploadCheck = { ok: true; kind: MediaKind } | { ok: false; reason: string };

const WHAT_WHATSAPP_TAKES = "images (JPEG, PNG), audio (AAC, M4A, MP3, AMR, OGG), video (MP4, 3GPP) and documents (PDF, office files, text)";

/** Whether Caseline stores this upload at all: a type some channel can send, up to 100 MB. */
export function checkUpload({ contentType, size }: { contentType: string | null; size: number | null }): UploadCheck {
  if (!contentType || !SENDABLE_TYPES.includes(contentType)) {
    return { ok: false, reason: `This kind of file${contentType ? ` (${contentType})` : ""} cannot be sent. WhatsApp takes ${WHAT_WHATSAPP_TAKES}.` };
  }
  if (size !== null && size > MAX_UPLOAD_BYTES) return { ok: false, reason: tooLargeReason(size, MAX_UPLOAD_BYTES, "A file") };
  if (size === 0) return { ok: false, reason: "The file is empty." };
  return { ok: true, kind: mediaKindOf(contentType) };
}

export const SMS_REFUSAL = "SMS cannot carry files: send a link, or use a WhatsApp number.";

/** Whether this file may be attached to a reply on this channel, and as which kind. */
export function checkAttachment({ channel, contentType, size }: { channel: "sms" | "whatsapp"; contentType: string | null; size: number }): UploadCheck {
  if (channel === "sms") return { ok: false, reason: SMS_REFUSAL };
  const upload = checkUpload({ contentType, size });
  if (!upload.ok) return upload;
  const rule = WHATSAPP_RULES.find((r) => r.kind === upload.kind)!;
  if (size > rule.maxBytes) return { ok: false, reason: tooLargeReason(size, rule.maxBytes, rule.label, "on WhatsApp") };
  return upload;
}

function tooLargeReason(size: number, max: number, what: string, where = ""): string {
  return `The file is too large: ${formatBytes(size)}. ${what} can be at most ${formatBytes(max)}${where ? ` ${where}` : ""}.`;
}

/** Why this caption (the text sent with the file, reference included) cannot go with a file of this kind, or null. */
export function checkCaption(kind: MediaKind, caption: string | null): string | null {
  if (!caption) return null;
  if (kind === "audio") return "WhatsApp shows no text with audio: send the text as a reply of its own.";
  if (caption.length > MAX_CAPTION_LENGTH) {
    return `The text is too long to go with a file: ${caption.length} characters with the reference, at most ${MAX_CAPTION_LENGTH} on WhatsApp.`;
  }
  return null;
}

/** The first bytes every file of these types starts with: an image that is not one is refused. */
const SIGNATURES: Record<string, readonly number[][]> = {
  "image/png": [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  "image/jpeg": [[0xff, 0xd8, 0xff]],
};

/** Bytes needed to judge the signature (0: this type is not checked). */
export function signatureLength(contentType: string): number {
  return Math.max(0, ...(SIGNATURES[contentType] ?? []).map((s) => s.length));
}

/**
 * Whether a file's first bytes fit its content type. Only the types shown inline (images)
 * are checked: a browser or WhatsApp must never be handed something else under their name.
 */
export function matchesSignature(contentType: string, head: Uint8Array): boolean {
  const signatures = SIGNATURES[contentType];
  if (!signatures) return true;
  return signatures.some((s) => s.length <= head.length && s.every((byte, i) => head[i] === byte));
}

/**
 * A file name fit to keep and show: no folders, no control or bidirectional characters,
 * at most 200 characters (the extension kept). Empty when nothing is left.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "").replace(/\s+/g, " ").trim();
  if (clean.length <= 200) return clean === "." || clean === ".." ? "" : clean;
  const extension = /\.[A-Za-z0-9]{1,5}$/.exec(clean)?.[0] ?? "";
  return clean.slice(0, 200 - extension.length) + extension;
}

/** The file name as the last segment of a URL: ASCII letters, digits, `.`, `-`, `_` only. */
export function urlSafeFileName(name: string): string {
  const safe = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(-80);
  return safe || "file";
}
