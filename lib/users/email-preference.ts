// SPEC §13: each user turns notification emails on or off for themselves (profile page and
// PATCH /api/v1/me). Only one's own: the actor is the user whose setting changes.
import "server-only";
import type { CurrentUser } from "@/lib/auth/access";
import { getSql } from "@/lib/db/client";
import { AppError } from "@/lib/http/app-error";

export async function getEmailNotifications(actor: CurrentUser): Promise<boolean> {
  const [row] = await getSql()<Array<{ on: boolean }>>`select email_notifications as on from users where id = ${actor.id} and active`;
  if (!row) throw new AppError("unauthenticated", "Sign in again.");
  return row.on;
}

/**
 * Turns the actor's notification emails on or off. Off also stops emails already waiting
 * (the worker reads the setting again before sending); on applies to notifications from now.
 */
export async function setEmailNotifications(actor: CurrentUser, on: boolean): Promise<boolean> {
  const [row] = await getSql()<Array<{ on: boolean }>>`
    update users set email_notifications = ${on}, updated_at = now() where id = ${actor.id} and active
    returning email_notifications as on`;
  if (!row) throw new AppError("unauthenticated", "Sign in again.");
  return row.on;
}
