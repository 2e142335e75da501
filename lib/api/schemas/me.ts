import { z } from "zod";

export const meSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    role: z.enum(["owner", "admin", "staff"]),
  })
  .meta({ id: "Me" });
