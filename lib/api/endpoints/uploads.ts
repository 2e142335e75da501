// /api/v1/uploads (SPEC §11): a file for a reply, streamed in as the raw request body; the
// console's composer uploads through app/api/uploads with the same lib function.
import "server-only";
import { z } from "zod";
import { MAX_UPLOAD_BYTES, formatBytes } from "@/lib/media/outbound-rules";
import { uploadMedia } from "@/lib/media/upload";
import { uploadInputFrom } from "@/lib/media/upload-request";
import { endpoint } from "../endpoint";
import { uploadedMediaSchema } from "../schemas/uploads";

export const uploadEndpoint = endpoint(
  {
    method: "post",
    path: "/uploads",
    tag: "Uploads",
    summary: "Upload a file to send",
    description: `The request body is the file itself (not JSON, not a form), with its \`Content-Type\` and its name as \`?name=\` or the \`X-File-Name\` header (URL-encoded). Up to ${formatBytes(MAX_UPLOAD_BYTES)}; a \`Content-Length\` over that is refused before the body is read. Types: images (JPEG, PNG), audio (AAC, M4A, MP3, AMR, OGG), video (MP4, 3GPP), documents (PDF, office files, text). Then send it with \`POST /cases/{id}/replies\` and \`mediaId\`: the channel's own limits are checked there (WhatsApp: images 5 MB, audio and video 16 MB, documents 100 MB; SMS carries no files). Only its uploader may attach it; an upload not attached within a day is deleted.`,
    query: z.object({ name: z.string().max(1000).optional().meta({ description: "The file's name, e.g. report.pdf (or send X-File-Name)." }) }),
    rawBody: {
      contentType: "application/octet-stream",
      description: "The file's bytes, with its own Content-Type (e.g. image/png, application/pdf).",
      tooLarge: `The file is over ${formatBytes(MAX_UPLOAD_BYTES)}; nothing is kept.`,
    },
    response: { status: 201, description: "The file is stored.", schema: uploadedMediaSchema },
  },
  ({ actor, query, request }) => uploadMedia(actor, uploadInputFrom(request, query.name)),
);
