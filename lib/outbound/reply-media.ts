// SPEC §11 Outbound: a reply that carries an uploaded file (lib/media/upload.ts). Checked
// before anything is stored — the upload is the actor's, not attached yet, and fits the
// case's channel — then attached inside the reply's own transaction (lib/outbound/queue-reply.ts).
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { requireOwnUpload, type CurrentUser } from "@/lib/auth/access";
import type { Tx } from "@/lib/db/client";
import { mediaFiles, type MessageMedia } from "@/lib/db/schema";
import { AppError } from "@/lib/http/app-error";
import { checkAttachment, checkCaption, type MediaKind } from "@/lib/media/outbound-rules";
import { currentMediaAddress } from "@/lib/media/public-address";
import { replyText } from "./reply-text";

export type Attachment = { fileId: number; kind: MediaKind; media: MessageMedia };

/** The text sent with a file: the message and the case reference, or nothing at all. */
export function captionText(message: string, caseId: number): string | null {
  return message.trim() ? replyText(message, caseId) : null;
}

export async function checkAttachable(
  actor: CurrentUser,
  { fileId, channel, caption }: { fileId: number; channel: "sms" | "whatsapp"; caption: string | null },
): Promise<Attachment> {
  const file = await requireOwnUpload(actor, fileId);
  if (file.messageId !== null) throw new AppError("conflict", "This file is already attached to a reply: upload it again to send it once more.");
  if (file.state !== "saved") throw new AppError("conflict", "This file has not finished uploading.");
  const check = checkAttachment({ channel, contentType: file.contentType, size: file.size ?? 0 });
  if (!check.ok) throw new AppError("bad_request", check.reason);
  const captionProblem = checkCaption(check.kind, caption);
  if (captionProblem) throw new AppError("bad_request", captionProblem);
  // Vonage fetches the file from our public address: without one it could never arrive.
  const address = await currentMediaAddress();
  if (!address.ok) throw new AppError("conflict", address.problem);
  return { fileId, kind: check.kind, media: { type: check.kind, ...(file.name ? { name: file.name } : {}), ...(caption ? { caption } : {}) } };
}

/**
 * Gives the upload to its message, in the reply's transaction. Another reply that attached
 * it first (or the cleanup that deleted it) leaves nothing to update: the reply is refused
 * and rolled back.
 */
export async function attachUpload(tx: Tx, actor: CurrentUser, fileId: number, messageId: number): Promise<void> {
  const updated = await tx
    .update(mediaFiles)
    .set({ messageId })
    .where(and(eq(mediaFiles.id, fileId), eq(mediaFiles.uploadedBy, actor.id), isNull(mediaFiles.messageId), eq(mediaFiles.state, "saved")))
    .returning({ id: mediaFiles.id });
  if (updated.length === 0) throw new AppError("conflict", "This file is already attached to a reply: upload it again to send it once more.");
}
