// The one result shape of admin server actions, and the wrapper that turns thrown errors
// into it (AppError messages are safe to show; anything else is logged and kept vague).
import { unstable_rethrow } from "next/navigation";
import { isAppError } from "./app-error";

export type ActionState = {
  ok: boolean;
  message?: string;
  error?: string;
  fieldErrors?: Record<string, string>;
  /** Shown once, e.g. a generated password. */
  secret?: string;
} | null;

export async function runAction(work: () => Promise<ActionState>): Promise<ActionState> {
  try {
    return await work();
  } catch (error) {
    return { ok: false, error: safeErrorMessage(error) };
  }
}

/** What a server action may tell the user about an error it caught. */
export function safeErrorMessage(error: unknown): string {
  unstable_rethrow(error); // redirect() and notFound() are Next.js's own control flow
  if (isAppError(error)) return error.message;
  console.error(error);
  return "Something went wrong on the server. Please try again.";
}

export function fieldErrorsState(fieldErrors: Record<string, string>): ActionState {
  return { ok: false, error: "Please correct the fields marked below.", fieldErrors };
}
