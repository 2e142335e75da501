"use server";

// Server actions of the console's own page (the case screens have theirs beside them).
import { redirect } from "next/navigation";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { startDemo } from "@/lib/demo/start-demo";
import { action } from "@/lib/http/action";
import type { ActionResult } from "@/lib/http/action-result";

/** "Try a demo" on a new install (lib/demo/start-demo.ts); the console then opens on it. */
export const startDemoAction = action({ roles: ADMIN_ROLES, schema: z.object({}) }, async (_input, actor): Promise<ActionResult> => {
  const { surveyId } = await startDemo(actor);
  redirect(`/console?survey=${surveyId}&state=open`);
});
