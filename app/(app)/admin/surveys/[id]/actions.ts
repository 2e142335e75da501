"use server";

// Canned replies of the survey (Admin > Surveys > the survey), through the one action wrapper;
// the lib functions check the role again.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { createCannedReply, deleteCannedReply, updateCannedReply } from "@/lib/canned/canned-replies";
import { MAX_CANNED_NAME, MAX_CANNED_TEXT } from "@/lib/canned/rules";
import { action, fieldErrors } from "@/lib/http/action";
import type { FormResult } from "@/lib/http/action-result";
import { idField } from "@/lib/http/form-schemas";

// Lengths are the lib's to judge (after trimming, with a message beside the field).
const fields = {
  name: z.string().max(MAX_CANNED_NAME * 4, `A name can be at most ${MAX_CANNED_NAME} characters.`).default(""),
  text: z.string().max(MAX_CANNED_TEXT * 4, `The text can be at most ${MAX_CANNED_TEXT} characters.`).default(""),
};

function done(surveyId: number, message: string): FormResult {
  revalidatePath(`/admin/surveys/${surveyId}`);
  return { ok: true, message };
}

export const createCannedReplyAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ surveyId: idField, ...fields }) },
  async (input, actor): Promise<FormResult> => {
    const result = await createCannedReply(actor, input);
    return result.ok ? done(input.surveyId, `Added “${result.reply.name}”.`) : fieldErrors(result.fieldErrors);
  },
);

export const updateCannedReplyAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ replyId: idField, ...fields }) },
  async ({ replyId, name, text }, actor): Promise<FormResult> => {
    const result = await updateCannedReply(actor, replyId, { name, text });
    return result.ok ? done(result.reply.surveyId, "Saved.") : fieldErrors(result.fieldErrors);
  },
);

export const deleteCannedReplyAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ replyId: idField }) },
  async ({ replyId }, actor): Promise<FormResult> => {
    const removed = await deleteCannedReply(actor, replyId);
    return done(removed.surveyId, `Deleted “${removed.name}”.`);
  },
);
