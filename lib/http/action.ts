// The one wrapper every server action goes through (saas-starter's validatedActionWithUser):
// parse the input with its zod schema → the signed-in user → their role → run → one typed
// result. Survey and case access is checked by the lib function the action calls (it takes
// the actor), so the API routes share it. AppError messages are safe to show; anything else
// is logged and answered vaguely.
import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { CurrentUser } from "@/lib/auth/access";
import { requireRole, requireUser } from "@/lib/auth/guards";
import type { UserRole } from "@/lib/db/schema";
import { isAppError } from "./app-error";
import type { ActionFailure, ActionResult } from "./action-result";

/** Form fields as an object: a field sent once is a string, a repeated one (checkboxes) a list. */
export function formFields(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue; // Next.js's own fields
    const values = form.getAll(key).filter((value): value is string => typeof value === "string");
    fields[key] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

/**
 * A server action. `input` is the form's FormData (useActionState) or a plain object (a
 * client calling the action directly); either way it is parsed by `schema` first.
 */
export function action<S extends z.ZodType, T extends object>(
  { schema, roles }: { schema: S; roles?: readonly UserRole[] },
  run: (input: z.output<S>, actor: CurrentUser) => Promise<ActionResult<T>>,
): (previous: ActionResult<T> | null, input: FormData | z.input<S>) => Promise<ActionResult<T>> {
  return async (_previous, input) => {
    try {
      const parsed = schema.safeParse(input instanceof FormData ? formFields(input) : input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, error: issue?.message && !issue.message.startsWith("Invalid input") ? issue.message : "The request was not valid: reload the page and try again." };
      }
      const actor = roles ? await requireRole(roles) : await requireUser();
      return await run(parsed.data, actor);
    } catch (error) {
      return failure(error);
    }
  };
}

/** What a server action may tell the user about an error it caught. */
function failure(error: unknown): ActionFailure {
  unstable_rethrow(error); // redirect() and notFound() are Next.js's own control flow
  if (isAppError(error)) return { ok: false, error: error.message };
  console.error(error);
  return { ok: false, error: "Something went wrong on the server. Please try again." };
}

/** A refusal by the lib function's own validation, with a message beside each field. */
export function fieldErrors(errors: Record<string, string>): ActionFailure {
  return { ok: false, error: "Please correct the fields marked below.", fieldErrors: errors };
}
