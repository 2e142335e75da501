// /api/v1/me: who the token acts as, and their own settings (SPEC §13: email notifications).
import "server-only";
import type { CurrentUser } from "@/lib/auth/access";
import { getEmailNotifications, setEmailNotifications } from "@/lib/users/email-preference";
import { endpoint } from "../endpoint";
import { meSchema, patchMeSchema } from "../schemas/me";

const me = (actor: CurrentUser, emailNotifications: boolean) => ({ id: actor.id, name: actor.name, email: actor.email, role: actor.role, emailNotifications });

export const meEndpoint = endpoint(
  {
    method: "get",
    path: "/me",
    tag: "Account",
    summary: "The token's user",
    description: "The user the token acts as: their role and survey access apply to every call.",
    response: { status: 200, description: "The user.", schema: meSchema },
  },
  async ({ actor }) => me(actor, await getEmailNotifications(actor)),
);

export const patchMeEndpoint = endpoint(
  {
    method: "patch",
    path: "/me",
    tag: "Account",
    summary: "Change your own settings",
    description: "Turns notification emails on or off for the token's user (as the profile page does). Off also stops emails still waiting to be sent.",
    body: patchMeSchema,
    bodyExamples: { "Emails off": { emailNotifications: false } },
    response: { status: 200, description: "The user, as changed.", schema: meSchema },
  },
  async ({ actor, body }) => me(actor, await setEmailNotifications(actor, body.emailNotifications)),
);
