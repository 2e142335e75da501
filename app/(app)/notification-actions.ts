"use server";

// Server actions of the bell (in every page's header), through the one action wrapper; the lib
// functions only touch the signed-in user's own notifications.
import { z } from "zod";
import { action } from "@/lib/http/action";
import { idField } from "@/lib/http/form-schemas";
import { markAllNotificationsRead, markNotificationRead } from "@/lib/notifications/mark-read";

export const markNotificationReadAction = action({ schema: z.object({ id: idField }) }, async ({ id }, actor) => {
  await markNotificationRead(actor, id);
  return { ok: true };
});

export const markAllNotificationsReadAction = action({ schema: z.object({}) }, async (_input, actor) => {
  return { ok: true, marked: await markAllNotificationsRead(actor) };
});
