"use server";

// Server actions of the case screens, through the one action wrapper; the lib functions
// check the actor's access to the case.
import { redirect } from "next/navigation";
import { z } from "zod";
import { assignCase } from "@/lib/cases/assign";
import { moveMessageToNewCase } from "@/lib/cases/move-message";
import { updateCase } from "@/lib/cases/update-case";
import { formatReference } from "@/lib/cases/references";
import { action, fieldErrors } from "@/lib/http/action";
import type { ActionResult } from "@/lib/http/action-result";
import { idField } from "@/lib/http/form-schemas";
import { addNote } from "@/lib/notes/add-note";
import { MAX_NOTE_LENGTH, type CaseNoteEntry } from "@/lib/notes/note-entry";
import { queueReply, type QueueReplyResult } from "@/lib/outbound/queue-reply";
import { retryReply } from "@/lib/outbound/retry-reply";
import { MAX_PARAMETER_LENGTH, MAX_TEMPLATE_NAME, MAX_TEMPLATE_PARAMETERS } from "@/lib/templates/rules";
import { retryMediaDownload } from "@/lib/media/retry-download";

const id = idField;

export type MoveState = ActionResult<{ newCaseId: number; reference: string }>;

export const moveMessageAction = action(
  {
    schema: z.object({
      caseId: id,
      messageId: id,
      comment: z.string().max(2000, "The comment can be at most 2000 characters.").default(""),
    }),
  },
  async (input, actor) => {
    const { newCaseId } = await moveMessageToNewCase(actor, input);
    return { ok: true, newCaseId, reference: formatReference(newCaseId) };
  },
);

export type EditState = ActionResult;

export const updateCaseAction = action(
  {
    // The survey's answers come as "answer.<question name>" fields.
    schema: z.looseObject({
      caseId: id,
      title: z.string().max(1000).default(""),
      notes: z.string().max(50_000).default(""),
    }),
  },
  async ({ caseId, title, notes, ...fields }, actor): Promise<EditState> => {
    const answers: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key.startsWith("answer.") && typeof value === "string") answers[key.slice("answer.".length)] = value;
    }
    const result = await updateCase(actor, { caseId, edit: { title, notes, answers } });
    if (!result.ok) return fieldErrors(result.fieldErrors);
    redirect(`/console/cases/${caseId}`);
  },
);

/** `outside_window`: WhatsApp outside the 24-hour window; nothing sent, the dialog asks first. */
export type SendNotificationState = ActionResult<QueueReplyResult>;

/**
 * Edit → Send notification → Message Conversation (SPEC §4), and the composer's Reply — or, on
 * a WhatsApp case, its Template mode (SPEC §10): `template` instead of `message`.
 */
export const sendNotificationAction = action(
  {
    schema: z.object({
      caseId: z.number().int().positive(),
      target: z.literal("conversation", { error: "Choose where to send the notification." }),
      message: z.string().max(10_000, "The message is too long.").default(""),
      template: z
        .object({
          name: z.string().max(MAX_TEMPLATE_NAME),
          locale: z.string().max(40).optional(),
          parameters: z.array(z.string().max(MAX_PARAMETER_LENGTH * 2, "A parameter is too long.")).max(MAX_TEMPLATE_PARAMETERS),
        })
        .optional(),
      idempotencyKey: z.string().min(1).max(100),
      sendOutsideWindow: z.boolean().default(false),
      /** SPEC §11: an upload of the user's (POST /api/uploads) sent with the message as its caption. */
      mediaId: z.number().int().positive().optional(),
    }),
  },
  // `target` is checked by the schema: Message Conversation is the only one there is.
  async ({ caseId, message, template, idempotencyKey, sendOutsideWindow, mediaId }, actor): Promise<SendNotificationState> => ({
    ok: true,
    ...(await queueReply(actor, template ? { caseId, template, idempotencyKey } : { caseId, message, idempotencyKey, sendOutsideWindow, mediaId })),
  }),
);

export type RetryState = ActionResult<{ messageId: number }>;

/** Retry on a failed reply (SPEC §4): sent again as a new attempt. */
export const retryReplyAction = action(
  { schema: z.object({ messageId: z.number().int().positive() }) },
  async (input, actor): Promise<RetryState> => ({ ok: true, ...(await retryReply(actor, input)) }),
);

export type RetryMediaState = ActionResult<{ fileId: number }>;

/** Retry on a file that could not be saved (SPEC §11): fetched again from the provider's link. */
export const retryMediaAction = action(
  { schema: z.object({ messageId: z.number().int().positive() }) },
  async (input, actor): Promise<RetryMediaState> => ({ ok: true, fileId: (await retryMediaDownload(actor, input)).fileId }),
);

export type AssignState = ActionResult<{ assignee: { id: number; name: string } | null }>;

/** Assign to me / a chosen user / Unassigned (SPEC §9); `assigneeId` null unassigns. */
export const assignCaseAction = action(
  { schema: z.object({ caseId: id, assigneeId: id.nullable() }) },
  async (input, actor): Promise<AssignState> => ({ ok: true, assignee: (await assignCase(actor, input)).assignee }),
);

export type AddNoteState = ActionResult<{ note: CaseNoteEntry }>;

/**
 * A note in the thread (SPEC §9), never sent. The answer holds the stored note (with its
 * mentions) so the composer can show it at once; the live update refreshes other consoles.
 */
export const addNoteAction = action(
  {
    schema: z.object({
      caseId: id,
      text: z.string().max(MAX_NOTE_LENGTH * 2, `A note can be at most ${MAX_NOTE_LENGTH} characters.`),
      idempotencyKey: z.string().max(100),
    }),
  },
  async (input, actor): Promise<AddNoteState> => ({ ok: true, note: await addNote(actor, input) }),
);
