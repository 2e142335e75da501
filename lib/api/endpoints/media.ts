// /api/v1/media: a message's stored file (SPEC §11), and Retry on one that could not be saved
// — through the same lib functions and access check as the console.
import "server-only";
import { z } from "zod";
import { requireVisibleCase } from "@/lib/auth/access";
import { caseHoldsMessage } from "@/lib/cases/read-queries";
import { AppError } from "@/lib/http/app-error";
import { retryMediaDownload } from "@/lib/media/retry-download";
import { mediaFileResponse } from "@/lib/media/serve-file";
import { endpoint } from "../endpoint";
import { idParam } from "../schemas/common";

export const getMediaEndpoint = endpoint(
  {
    method: "get",
    path: "/media/{id}",
    tag: "Media",
    summary: "Download a message's file",
    description:
      "The bytes of a stored file — a message's `media.url` points here — for a user who may see a case holding its message (404 for anyone else, as for a missing file; 409 while it is not saved, with its state). " +
      "Images, audio and video of common types come with their own `Content-Type`, inline; anything else as `application/octet-stream` with `Content-Disposition: attachment` (the sender's name in `filename*`). " +
      "`ETag` is the SHA-256 (`If-None-Match` → 304); one `Range: bytes=…` → 206 with `Content-Range` (416 outside the file). The console's session cookie works here too, without a token.",
    session: true,
    params: z.object({ id: idParam.meta({ description: "The file's id (`media.fileId`)." }) }),
    response: { status: 200, description: "The file (206 for a range).", contentType: "application/octet-stream" },
    errors: [404, 409, 416],
  },
  ({ actor, params, request }) => mediaFileResponse(actor, params.id, request),
);

export const retryMediaEndpoint = endpoint(
  {
    method: "post",
    path: "/cases/{id}/messages/{messageId}/media/retry",
    tag: "Media",
    summary: "Fetch a file that could not be saved again",
    description:
      "The console's Retry on a message whose file failed (`media.state` `failed`): back to `pending`, copied again from the provider's link. 409 if it is not failed. After the link's 48 hours, one attempt is made.",
    params: z.object({ id: idParam.meta({ description: "The case's number." }), messageId: idParam }),
    response: {
      status: 202,
      description: "Queued again.",
      schema: z.object({ fileId: z.number().int(), state: z.literal("pending") }).meta({ id: "RetriedMedia" }),
    },
    errors: [404, 409],
  },
  async ({ actor, params }) => {
    // The message must be in this case (the path says so); retryMediaDownload checks access itself.
    await requireVisibleCase(actor, params.id);
    if (!(await caseHoldsMessage(params.id, params.messageId))) throw new AppError("not_found", "Message not found.");
    return retryMediaDownload(actor, { messageId: params.messageId });
  },
);
