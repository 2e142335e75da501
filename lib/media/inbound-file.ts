// What the routing stores for an inbound message's file (SPEC §11): a media_files row, either
// pending (the download worker copies it) or failed at once — no link, or a link Caseline
// will not fetch — kept with the reason. Pure: decided before the webhook's transaction.
import type { MessageMedia } from "@/lib/db/schema";
import { isFileKind, type FileKind } from "./media-kinds";
import { checkMediaUrl, type MediaUrlRules } from "./source-url";

export type InboundFilePlan = {
  kind: FileKind;
  state: "pending" | "failed";
  sourceUrl: string | null;
  name: string | null;
  failureReason: string | null;
};

/** Longest name kept (a name is shown and used as the download's file name). */
const MAX_NAME = 255;

export function inboundFilePlan(messageType: string, media: MessageMedia | null, rules: MediaUrlRules): InboundFilePlan | null {
  if (!isFileKind(messageType) || !media) return null;
  const sourceUrl = media.url?.trim() || null;
  const name = media.name?.trim().slice(0, MAX_NAME) || null;
  if (!sourceUrl) return { kind: messageType, state: "failed", sourceUrl: null, name, failureReason: "Vonage sent no link to this file." };
  const check = checkMediaUrl(sourceUrl, rules);
  return check.ok
    ? { kind: messageType, state: "pending", sourceUrl, name, failureReason: null }
    : { kind: messageType, state: "failed", sourceUrl, name, failureReason: check.reason };
}
