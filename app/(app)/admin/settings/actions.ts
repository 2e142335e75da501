"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, fieldErrors } from "@/lib/http/action";
import type { FormResult } from "@/lib/http/action-result";
import { saveServerSettings } from "@/lib/settings/server-settings";

export const saveServerSettingsAction = action(
  {
    roles: ["owner"],
    schema: z.object({
      applicationId: z.string().max(200).default(""),
      webhookSecret: z.string().max(500).default(""),
      privateKey: z.string().max(20_000).default(""),
      apiHost: z.string().max(500).default(""),
      provider: z.enum(["vonage", "simulator"]).default("simulator"),
    }),
  },
  async (input, actor): Promise<FormResult> => {
    const result = await saveServerSettings(actor, input);
    if (!result.ok) return fieldErrors(result.fieldErrors);
    revalidatePath("/admin/settings");
    return { ok: true, message: "Settings saved." };
  },
);
