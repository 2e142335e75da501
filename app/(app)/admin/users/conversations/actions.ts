"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { processUnroutedAgain } from "@/lib/inbound/process-again";
import { action, fieldErrors } from "@/lib/http/action";
import type { FormResult } from "@/lib/http/action-result";
import { idField } from "@/lib/http/form-schemas";
import { WEEKDAYS } from "@/lib/business-hours/weekly-hours";
import { createLink, deleteLink, updateLink } from "@/lib/numbers/links";

export const saveLinkAction = action(
  {
    roles: ADMIN_ROLES,
    schema: z.object({
      linkId: idField.optional(),
      ourNumber: z.string().max(40).default(""),
      channel: z.enum(["sms", "whatsapp"], { message: "Choose SMS or WhatsApp." }),
      surveyId: z.coerce.number().int().nonnegative().default(0),
      description: z.string().max(1000).default(""),
      multiCaseReply: z.string().max(5000).default(""),
      // Left out (a WhatsApp link's form does not show them): unchanged on update.
      optOutConfirmation: z.string().max(5000).optional(),
      helpText: z.string().max(5000).optional(),
      // SPEC §13: checked by lib/business-hours (errors beside each field); no time zone = always open.
      timeZone: z.string().max(100).default(""),
      outOfHoursReply: z.string().max(5000).default(""),
      ...Object.fromEntries(WEEKDAYS.map((day) => [`hours${day}`, z.string().max(500).default("")])),
    }),
  },
  async ({ linkId, timeZone, outOfHoursReply, ...rest }, actor): Promise<FormResult> => {
    const { ourNumber, channel, surveyId, description, multiCaseReply, optOutConfirmation, helpText } = rest;
    const dayTexts = Object.fromEntries(WEEKDAYS.map((day) => [day, String((rest as Record<string, unknown>)[`hours${day}`] ?? "")]));
    const input = { ourNumber, channel, surveyId, description, multiCaseReply, optOutConfirmation, helpText, hours: { timeZone, outOfHoursReply, dayTexts } };
    const result = linkId ? await updateLink(actor, linkId, input) : await createLink(actor, input);
    if (!result.ok) return fieldErrors(result.fieldErrors);
    revalidatePath("/admin/users/conversations");
    return { ok: true, message: linkId ? "Saved." : "Number linked." };
  },
);

export const deleteLinkAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ linkId: idField }) },
  async ({ linkId }, actor): Promise<FormResult> => {
    await deleteLink(actor, linkId);
    revalidatePath("/admin/users/conversations");
    return { ok: true, message: "Link deleted; its cases are kept." };
  },
);

export const processAgainAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ ourNumber: z.string().regex(/^\d{7,15}$/) }) },
  async ({ ourNumber }, actor): Promise<FormResult> => {
    const { routed, stillWaiting } = await processUnroutedAgain(actor, { ourNumber });
    // The waiting banner disappears with its messages: the result is shown by the page.
    redirect(`/admin/users/conversations?number=${ourNumber}&routed=${routed}&waiting=${stillWaiting}`);
  },
);
