// Schemas shared by several endpoints (and the OpenAPI document's components).
import { z } from "zod";

export const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: "bad_request" }),
      message: z.string().meta({ example: "Invalid body: text: Too small: expected string to have >=1 characters." }),
    }),
  })
  .meta({ id: "Error" });

export const dateTime = z.iso.datetime({ offset: true });

export const userRef = z.object({ id: z.number().int(), name: z.string() }).meta({ id: "UserRef" });
