"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireRole } from "@/lib/auth/guards";
import { processUnroutedAgain } from "@/lib/cases/process-again";
import { fieldErrorsState, runAction, type ActionState } from "@/lib/http/action-state";
import { createLink, deleteLink, updateLink } from "@/lib/numbers/links";

const linkSchema = z.object({
  linkId: z.coerce.number().int().positive().optional(),
  ourNumber: z.string().max(40).default(""),
  channel: z.enum(["sms", "whatsapp"], { message: "Choose SMS or WhatsApp." }),
  surveyId: z.coerce.number().int().nonnegative().default(0),
  description: z.string().max(1000).default(""),
  multiCaseReply: z.string().max(5000).default(""),
});

export async function saveLinkAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const parsed = linkSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "The form was not valid." };
    const { linkId, ...input } = parsed.data;
    const result = linkId ? await updateLink(actor, linkId, input) : await createLink(actor, input);
    if (!result.ok) return fieldErrorsState(result.fieldErrors);
    revalidatePath("/admin/users/conversations");
    return { ok: true, message: linkId ? "Saved." : "Number linked." };
  });
}

export async function deleteLinkAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const parsed = z.object({ linkId: z.coerce.number().int().positive() }).safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: "The request was not valid." };
    await deleteLink(actor, parsed.data.linkId);
    revalidatePath("/admin/users/conversations");
    return { ok: true, message: "Link deleted; its cases are kept." };
  });
}

export async function processAgainAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const parsed = z.object({ ourNumber: z.string().regex(/^\d{7,15}$/) }).safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: "The request was not valid." };
    const { routed, stillWaiting } = await processUnroutedAgain(actor, parsed.data);
    // The waiting banner disappears with its messages: the result is shown by the page.
    redirect(`/admin/users/conversations?number=${parsed.data.ourNumber}&routed=${routed}&waiting=${stillWaiting}`);
  });
}
