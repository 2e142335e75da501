// /api/v1/notifications (SPEC §13): the token's user's own notifications, through the same lib
// functions as the bell. Nobody reads or marks another user's: their ids answer 404.
import "server-only";
import { z } from "zod";
import { MAX_NOTIFICATIONS_PAGE } from "@/lib/notifications/limits";
import { listNotifications } from "@/lib/notifications/list";
import { markAllNotificationsRead, markNotificationRead } from "@/lib/notifications/mark-read";
import { endpoint } from "../endpoint";
import { idParam } from "../schemas/common";
import { notificationListSchema } from "../schemas/notifications";

export const notificationListQuery = z.object({
  unread: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true")
    .meta({ description: "`true`: only unread notifications." }),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_NOTIFICATIONS_PAGE).default(20),
});

export const listNotificationsEndpoint = endpoint(
  {
    method: "get",
    path: "/notifications",
    tag: "Notifications",
    summary: "List notifications",
    description:
      "The token's user's notifications, newest first, with the unread count. Only notifications about cases the user may still see are listed. Keyset-paged: pass `nextCursor` back as `cursor`.",
    // The bell in the console reads the same list with its session cookie.
    session: true,
    query: notificationListQuery,
    response: { status: 200, description: "One page of notifications.", schema: notificationListSchema },
  },
  ({ actor, query }) => listNotifications(actor, query),
);

const readAnswer = z.object({ ok: z.literal(true) }).meta({ id: "NotificationRead" });

export const readNotificationEndpoint = endpoint(
  {
    method: "post",
    path: "/notifications/{id}/read",
    tag: "Notifications",
    summary: "Mark a notification read",
    description: "Marks one of the token's user's notifications read (already read: no change). Another user's notification answers 404, like a missing one.",
    params: z.object({ id: idParam }),
    response: { status: 200, description: "Marked read.", schema: readAnswer },
    errors: [404],
  },
  async ({ actor, params }) => {
    await markNotificationRead(actor, params.id);
    return { ok: true as const };
  },
);

export const readAllNotificationsEndpoint = endpoint(
  {
    method: "post",
    path: "/notifications/read-all",
    tag: "Notifications",
    summary: "Mark all notifications read",
    description: "Marks every unread notification of the token's user read.",
    response: {
      status: 200,
      description: "How many were marked.",
      schema: z.object({ marked: z.number().int() }).meta({ id: "NotificationsReadAll" }),
    },
  },
  async ({ actor }) => ({ marked: await markAllNotificationsRead(actor) }),
);
