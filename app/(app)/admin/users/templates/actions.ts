"use server";

// WhatsApp templates (Admin > Users > Templates), through the one action wrapper; the lib
// functions check the role again.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { action, fieldErrors } from "@/lib/http/action";
import type { FormResult } from "@/lib/http/action-result";
import { formList, idField } from "@/lib/http/form-schemas";
import { MAX_TEMPLATE_BODY, MAX_TEMPLATE_NAME } from "@/lib/templates/rules";
import { createTemplate, deleteTemplate, updateTemplate } from "@/lib/templates/templates";

// Lengths and shapes are the lib's to judge (after trimming, with a message beside the field).
const fields = {
  name: z.string().max(MAX_TEMPLATE_NAME * 2, `A template name can be at most ${MAX_TEMPLATE_NAME} characters.`).default(""),
  locale: z.string().max(40, "Write WhatsApp's language code, e.g. en, en_GB or pt_BR.").default(""),
  body: z.string().max(MAX_TEMPLATE_BODY * 4, `WhatsApp allows at most ${MAX_TEMPLATE_BODY} characters in a template's body.`).default(""),
  numbers: formList(z.string().max(40)),
};

function done(message: string): FormResult {
  revalidatePath("/admin/users/templates");
  return { ok: true, message };
}

export const createTemplateAction = action(
  { roles: ADMIN_ROLES, schema: z.object(fields) },
  async (input, actor): Promise<FormResult> => {
    const result = await createTemplate(actor, input);
    return result.ok ? done(`Added “${result.template.name}” (${result.template.locale}).`) : fieldErrors(result.fieldErrors);
  },
);

export const updateTemplateAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ templateId: idField, ...fields }) },
  async ({ templateId, ...input }, actor): Promise<FormResult> => {
    const result = await updateTemplate(actor, templateId, input);
    return result.ok ? done("Saved.") : fieldErrors(result.fieldErrors);
  },
);

export const deleteTemplateAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ templateId: idField }) },
  async ({ templateId }, actor): Promise<FormResult> => {
    const removed = await deleteTemplate(actor, templateId);
    return done(`Deleted “${removed.name}” (${removed.locale}).`);
  },
);
