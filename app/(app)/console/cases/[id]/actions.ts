"use server";

// Server actions of the case screens. Each parses its input, checks the user and their
// access inside (the lib functions do the access check), and returns a typed state.
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/guards";
import { moveMessageToNewCase } from "@/lib/cases/move-message";
import { updateCase } from "@/lib/cases/update-case";
import { queueReply } from "@/lib/outbound/queue-reply";
import { safeErrorMessage } from "@/lib/http/action-state";

export type MoveState = { ok: true; newCaseId: number; reference: string } | { ok: false; error: string } | null;

const moveSchema = z.object({
  caseId: z.coerce.number().int().positive(),
  messageId: z.coerce.number().int().positive(),
  comment: z.string().max(2000, "The comment can be at most 2000 characters.").default(""),
});

export async function moveMessageAction(_previous: MoveState, formData: FormData): Promise<MoveState> {
  const parsed = moveSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "The request was not valid." };
  try {
    const user = await requireUser();
    const { newCaseId } = await moveMessageToNewCase({ user, ...parsed.data });
    return { ok: true, newCaseId, reference: `#${newCaseId}` };
  } catch (error) {
    return { ok: false, error: safeErrorMessage(error) };
  }
}

export type EditState = { ok: false; error?: string; fieldErrors?: Record<string, string> } | null;

const editSchema = z.object({
  caseId: z.coerce.number().int().positive(),
  title: z.string().max(1000).default(""),
  notes: z.string().max(50_000).default(""),
});

export async function updateCaseAction(_previous: EditState, formData: FormData): Promise<EditState> {
  const parsed = editSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "The form was not valid." };
  const answers: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (key.startsWith("answer.") && typeof value === "string") answers[key.slice("answer.".length)] = value;
  }
  const { caseId, title, notes } = parsed.data;
  try {
    const user = await requireUser();
    const result = await updateCase({ user, caseId, edit: { title, notes, answers } });
    if (!result.ok) return { ok: false, error: "Please correct the fields marked below.", fieldErrors: result.fieldErrors };
  } catch (error) {
    return { ok: false, error: safeErrorMessage(error) };
  }
  redirect(`/console/cases/${caseId}`);
}

export type SendNotificationState =
  | { ok: true; messageId: number }
  | { ok: false; error: string }
  /** WhatsApp outside the 24-hour window: nothing sent; the dialog asks before sending anyway. */
  | { ok: false; outsideWindow: true; lastInboundAt: string | null };

const sendSchema = z.object({
  caseId: z.number().int().positive(),
  target: z.literal("conversation", { error: "Choose where to send the notification." }),
  message: z.string().max(10_000, "The message is too long."),
  idempotencyKey: z.string().min(1).max(100),
  sendOutsideWindow: z.boolean().default(false),
});

/** Edit → Send notification → Message Conversation (SPEC §4). */
export async function sendNotificationAction(input: z.input<typeof sendSchema>): Promise<SendNotificationState> {
  const parsed = sendSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "The request was not valid." };
  const { caseId, message, idempotencyKey, sendOutsideWindow } = parsed.data;
  try {
    const user = await requireUser();
    const result = await queueReply({ user, caseId, message, idempotencyKey, sendOutsideWindow });
    if (result.status === "outside_window") return { ok: false, outsideWindow: true, lastInboundAt: result.lastInboundAt };
    return { ok: true, messageId: result.messageId };
  } catch (error) {
    return { ok: false, error: safeErrorMessage(error) };
  }
}
