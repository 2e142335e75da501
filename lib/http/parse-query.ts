// A query string (or path parameters) parsed with its zod schema; a refusal is a 400 naming
// the parameter, the same for every route.
import type { z } from "zod";
import { AppError } from "./app-error";

export function parseQuery<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError("bad_request", `Invalid ${issue?.path.join(".") || "query"}: ${issue?.message ?? "not valid"}.`);
}
