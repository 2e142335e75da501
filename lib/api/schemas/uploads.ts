// The shape of an uploaded file in the API (what lib/media/upload.ts returns).
import { z } from "zod";

export const uploadedMediaSchema = z
  .object({
    id: z.number().int().meta({ description: "Give it as `mediaId` to POST /cases/{id}/replies." }),
    name: z.string().meta({ example: "report.pdf" }),
    contentType: z.string().meta({ example: "application/pdf" }),
    size: z.number().int().meta({ description: "Bytes." }),
    sha256: z.string().meta({ description: "SHA-256 of the bytes, hex." }),
    kind: z.enum(["image", "audio", "video", "file"]).meta({ description: "How WhatsApp will show it (Vonage's message_type)." }),
  })
  .meta({ id: "Upload" });
