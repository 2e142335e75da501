// Which messages carry a file Caseline keeps (SPEC §11), and how large a file may be. Pure
// and free of server code: the routing, the worker, the API and the thread share it.

/** Vonage's message types whose file is copied into Caseline's storage. */
export const FILE_KINDS = ["image", "audio", "video", "file", "sticker"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export function isFileKind(type: string): type is FileKind {
  return (FILE_KINDS as readonly string[]).includes(type);
}

/** SPEC §11: above this a file is not copied (kept as a link, with the reason). 100 MB, as WhatsApp counts. */
export const MAX_MEDIA_BYTES = 100_000_000;

/** How long Vonage keeps an inbound file at its URL (VONAGE.md): retries stop then. */
export const SOURCE_LINK_LIFETIME_MS = 48 * 60 * 60 * 1000;

export const KIND_LABELS: Record<string, string> = {
  image: "Image",
  audio: "Audio",
  video: "Video",
  file: "File",
  sticker: "Sticker",
  vcard: "Contact card",
  location: "Location",
  order: "Order",
  unsupported: "Unsupported message",
};

/** "2.4 MB", "830 KB", "12 bytes" (decimal units, as WhatsApp's limits are stated). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  if (bytes < 10_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${Math.round(bytes / 1_000_000)} MB`;
}
