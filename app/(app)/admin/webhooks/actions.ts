"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { action, fieldErrors } from "@/lib/http/action";
import type { FormResult } from "@/lib/http/action-result";
import { formList, idField } from "@/lib/http/form-schemas";
import { createWebhook, deleteWebhook, resendDelivery, updateWebhook } from "@/lib/webhooks/subscriptions";

export const createWebhookAction = action(
  {
    roles: ADMIN_ROLES,
    schema: z.object({
      url: z.string().max(4000).default(""),
      description: z.string().max(1000).default(""),
      events: formList(z.string().max(100)),
    }),
  },
  async (input, actor): Promise<FormResult> => {
    const result = await createWebhook(actor, input);
    if (!result.ok) return fieldErrors(result.fieldErrors);
    revalidatePath("/admin/webhooks");
    return { ok: true, message: `Endpoint created. Its signing secret:`, secret: result.secret };
  },
);

export const setWebhookActiveAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ webhookId: idField, active: z.enum(["true", "false"]) }) },
  async ({ webhookId, active }, actor): Promise<FormResult> => {
    await updateWebhook(actor, webhookId, { active: active === "true" });
    revalidatePath("/admin/webhooks");
    return { ok: true, message: active === "true" ? "Turned on." : "Turned off." };
  },
);

export const deleteWebhookAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ webhookId: idField }) },
  async ({ webhookId }, actor): Promise<FormResult> => {
    await deleteWebhook(actor, webhookId);
    revalidatePath("/admin/webhooks");
    return { ok: true, message: "Endpoint deleted." };
  },
);

export const resendDeliveryAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ webhookId: idField, deliveryId: idField }) },
  async ({ webhookId, deliveryId }, actor): Promise<FormResult> => {
    await resendDelivery(actor, webhookId, deliveryId);
    revalidatePath(`/admin/webhooks/${webhookId}`);
    return { ok: true, message: "Sending again…" };
  },
);
