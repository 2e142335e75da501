// The download worker's rules (SPEC §11), pure: when a failed copy is tried again (10 s
// doubling, capped at an hour, for 48 hours from the message's arrival — Vonage's links live
// that long), what a failure says, and the content type kept.
import { STATUS_CODES } from "node:http";
import { retryDelaySeconds } from "@/lib/webhooks/backoff";
import { SOURCE_LINK_LIFETIME_MS } from "./media-kinds";

export type RetryDecision = { retry: true; at: Date } | { retry: false };

/**
 * After the `attempts`-th failed attempt: when to try again, or no more. The window is
 * measured from the message's arrival; the last attempt is made at its end rather than
 * skipped, and an attempt made after it (a staff Retry) is the only one.
 */
export function nextDownloadAttempt({
  arrivedAt,
  now,
  attempts,
  baseSeconds,
  random,
}: {
  arrivedAt: Date;
  now: Date;
  attempts: number;
  baseSeconds: number;
  random: number;
}): RetryDecision {
  const deadline = arrivedAt.getTime() + SOURCE_LINK_LIFETIME_MS;
  if (now.getTime() >= deadline) return { retry: false };
  const at = Math.min(now.getTime() + retryDelaySeconds(attempts, baseSeconds, random) * 1000, deadline);
  return { retry: true, at: new Date(at) };
}

/** Why a file that kept failing is given up on, with the last failure. */
export function gaveUpReason(who: string, last: string): string {
  return who === "Vonage" ? `Vonage's link expired after 48 hours (last try: ${last})` : `Gave up after 48 hours of tries (last try: ${last})`;
}

/** "Vonage answered 404 Not Found". */
export function refusalReason(who: string, status: number): string {
  const text = STATUS_CODES[status];
  return `${who} answered ${status}${text ? ` ${text}` : ""}`;
}

export const TOO_LARGE_REASON = "The file is larger than 100 MB, so it was not copied; the original link is kept";

/**
 * The media type to keep from a Content-Type header: its `type/subtype`, lower-cased, when it
 * is one; application/octet-stream otherwise. (What is served inline is decided when serving.)
 */
export function cleanContentType(header: string | null | undefined): string {
  const essence = header?.split(";")[0]?.trim().toLowerCase() ?? "";
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,127}$/.test(essence) ? essence : "application/octet-stream";
}

/** File signatures of what WhatsApp and MMS carry (images, audio, video, PDF): [offset, bytes, type]. */
const SIGNATURES: ReadonlyArray<readonly [number, readonly number[], string]> = [
  [0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "image/png"],
  [0, [0xff, 0xd8, 0xff], "image/jpeg"],
  [0, [0x47, 0x49, 0x46, 0x38], "image/gif"],
  [8, [0x57, 0x45, 0x42, 0x50], "image/webp"], // "RIFF" …. "WEBP"
  [0, [0x25, 0x50, 0x44, 0x46, 0x2d], "application/pdf"], // "%PDF-"
  [0, [0x4f, 0x67, 0x67, 0x53], "audio/ogg"], // "OggS" (WhatsApp voice notes)
  [0, [0x23, 0x21, 0x41, 0x4d, 0x52], "audio/amr"], // "#!AMR"
  [0, [0x49, 0x44, 0x33], "audio/mpeg"], // "ID3"
  [4, [0x66, 0x74, 0x79, 0x70, 0x33, 0x67], "video/3gpp"], // "ftyp3g"
  [4, [0x66, 0x74, 0x79, 0x70], "video/mp4"], // "ftyp"
];

/**
 * The type of a file whose source said only application/octet-stream (or nothing), from its
 * first bytes — so a photo sent that way still shows as a photo. Null when unknown: it stays a
 * download. Never used to overrule a type the source named.
 */
export function sniffMediaType(head: Uint8Array): string | null {
  for (const [offset, bytes, type] of SIGNATURES) {
    if (head.length >= offset + bytes.length && bytes.every((byte, i) => head[offset + i] === byte)) return type;
  }
  return null;
}
