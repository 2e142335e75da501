import { z } from "zod";
import { MAX_UNREAD_COUNT } from "@/lib/notifications/limits";
import { dateTime, userRef } from "./common";

export const notificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(["assigned", "mentioned", "new_message", "sla_breached"]).meta({
      description:
        "`assigned`: a case was assigned to the user; `mentioned`: a note mentions them; `new_message`: a message arrived in a case assigned to them; `sla_breached`: a service level was breached on their case (unassigned: the survey's admins).",
    }),
    createdAt: dateTime,
    readAt: dateTime.nullable(),
    case: z.object({
      id: z.number().int(),
      reference: z.string().meta({ example: "#123" }),
      title: z.string(),
      theirNumber: z.string().nullable(),
      channel: z.enum(["sms", "whatsapp"]).nullable(),
    }),
    actor: userRef.nullable().meta({ description: "Who caused it (assigned, mentioned); null for messages and breaches." }),
    messageId: z.number().int().nullable().meta({ description: "The new message (new_message)." }),
    noteId: z.number().int().nullable().meta({ description: "The note that mentions the user (mentioned)." }),
    data: z.record(z.string(), z.unknown()).meta({ description: "Kind-specific details, e.g. `{ kind: \"first_response\", dueAt }` for a breach." }),
  })
  .meta({ id: "Notification" });

export const notificationListSchema = z
  .object({
    items: z.array(notificationSchema),
    unreadCount: z
      .number()
      .int()
      .meta({ description: `All of the user's unread notifications, not only this page's, counted up to ${MAX_UNREAD_COUNT} (${MAX_UNREAD_COUNT}: that many or more).` }),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  })
  .meta({ id: "NotificationList" });
