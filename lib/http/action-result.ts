// The one result shape of every server action (lib/http/action.ts), shared with the client
// components that show it. Types only: safe to import anywhere.
export type ActionFailure = { ok: false; error: string; fieldErrors?: Record<string, string> };

/** `error` and `fieldErrors` are typed on success too (never set), so forms can read them from either. */
export type ActionResult<T extends object = object> = ({ ok: true; error?: never; fieldErrors?: never } & T) | ActionFailure;

/** What the admin forms show after a success: a message, and a secret shown once (a password). */
export type FormResult = ActionResult<{ message?: string; secret?: string }>;
