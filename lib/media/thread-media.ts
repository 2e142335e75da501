// A message's media as the thread and the API show it (SPEC §11): the one mapping from the
// message's payload (`messages.media`) and its stored file (`media_files`), for inbound and
// outbound files alike. Pure and free of server code.
import type { MediaFile, MediaState, MessageMedia } from "@/lib/db/schema";
import { SOURCE_LINK_LIFETIME_MS } from "./media-kinds";

export type ThreadMedia = {
  type: string;
  caption?: string;
  name?: string;
  latitude?: number;
  longitude?: number;
  address?: string;
  /** The stored file, when the message has one (image, audio, video, file, sticker). */
  fileId?: number;
  /** Caseline's own address of the file (GET with the session or a token). */
  url?: string;
  state?: MediaState;
  contentType?: string;
  size?: number;
  sha256?: string;
  /** Failed: why; pending: why the last attempt failed (it is tried again). */
  failureReason?: string;
  /** The link the file came from, while it may still work (48 hours): for a file Caseline could not keep. */
  sourceUrl?: string;
};

export type MediaFileColumns = Pick<MediaFile, "id" | "kind" | "state" | "name" | "contentType" | "size" | "sha256" | "failureReason" | "sourceUrl">;

/** The address a file is served at (app/api/v1/media/[id]). */
export function mediaFileUrl(fileId: number): string {
  return `/api/v1/media/${fileId}`;
}

function liveLink(url: string | null | undefined, receivedAt: Date, now: Date): string | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return undefined;
  return now.getTime() - receivedAt.getTime() < SOURCE_LINK_LIFETIME_MS ? url : undefined;
}

export function threadMedia({
  media,
  file,
  receivedAt,
  now,
}: {
  media: MessageMedia | null;
  file: MediaFileColumns | null;
  /** When the message reached Caseline (its source link lives 48 hours from then). */
  receivedAt: Date;
  now: Date;
}): ThreadMedia | undefined {
  if (!media && !file) return undefined;
  const shown: ThreadMedia = { type: media?.type ?? file!.kind };
  if (media?.caption) shown.caption = media.caption;
  const name = file?.name ?? media?.name;
  if (name) shown.name = name;
  if (media?.latitude !== undefined) shown.latitude = media.latitude;
  if (media?.longitude !== undefined) shown.longitude = media.longitude;
  if (media?.address) shown.address = media.address;
  if (!file) {
    // A message from before files were kept, or a kind without a file (a location …).
    const link = liveLink(media?.url, receivedAt, now);
    if (link) shown.sourceUrl = link;
    return shown;
  }
  shown.fileId = file.id;
  shown.url = mediaFileUrl(file.id);
  shown.state = file.state;
  if (file.state === "saved") {
    if (file.contentType) shown.contentType = file.contentType;
    if (file.size !== null) shown.size = file.size;
    if (file.sha256) shown.sha256 = file.sha256;
  } else {
    if (file.failureReason) shown.failureReason = file.failureReason;
    const link = liveLink(file.sourceUrl, receivedAt, now);
    if (link) shown.sourceUrl = link;
  }
  return shown;
}
