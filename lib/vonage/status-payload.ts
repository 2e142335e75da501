import { z } from "zod";
import { saneTimestamp } from "./json-shape";

const statusEnvelope = z.looseObject({
  message_uuid: z.string().min(1).max(200),
  status: z.enum(["submitted", "delivered", "read", "rejected", "undeliverable"]),
  timestamp: z.string().optional().catch(undefined),
  error: z
    .looseObject({
      type: z.string().optional().catch(undefined),
      title: z.union([z.string(), z.number()]).optional().catch(undefined),
      detail: z.string().optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

export type StatusUpdate = {
  messageUuid: string;
  status: "submitted" | "delivered" | "read" | "rejected" | "undeliverable";
  at: Date | null;
  errorCode: string | null;
  errorDetail: string | null;
};

export function parseStatusPayload(payload: unknown): { ok: true; update: StatusUpdate } | { ok: false; reason: string } {
  const parsed = statusEnvelope.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `not a status update: ${issue?.path.join(".") || "body"} ${issue?.message ?? ""}`.trim() };
  }
  const p = parsed.data;
  const at = saneTimestamp(p.timestamp);
  return {
    ok: true,
    update: {
      messageUuid: p.message_uuid,
      status: p.status,
      at,
      errorCode: p.error?.title !== undefined ? String(p.error.title) : null,
      errorDetail: p.error?.detail ?? null,
    },
  };
}
