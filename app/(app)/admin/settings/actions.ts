"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireRole } from "@/lib/auth/guards";
import { fieldErrorsState, runAction, type ActionState } from "@/lib/http/action-state";
import { saveServerSettings } from "@/lib/settings/server-settings";

const schema = z.object({
  applicationId: z.string().max(200).default(""),
  webhookSecret: z.string().max(500).default(""),
  privateKey: z.string().max(20_000).default(""),
  apiHost: z.string().max(500).default(""),
  provider: z.enum(["vonage", "simulator"]).default("simulator"),
});

export async function saveServerSettingsAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const user = await requireRole(["owner"]);
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "The form was not valid." };
    const result = await saveServerSettings(user, parsed.data);
    if (!result.ok) return fieldErrorsState(result.fieldErrors);
    revalidatePath("/admin/settings");
    return { ok: true, message: "Settings saved." };
  });
}
