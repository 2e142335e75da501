import { z } from "zod";

export const meSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    role: z.enum(["owner", "admin", "staff"]),
    /** SPEC §13: notifications by email too (on by default). */
    emailNotifications: z.boolean().meta({ description: "Notifications are also sent by email (at most one per case per 10 minutes)." }),
  })
  .meta({ id: "Me" });

export const patchMeSchema = z
  .strictObject({
    emailNotifications: z.boolean({ error: "emailNotifications must be true or false." }),
  })
  .meta({ id: "MePatch" });
