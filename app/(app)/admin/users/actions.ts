"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireRole } from "@/lib/auth/guards";
import { runAction, type ActionState } from "@/lib/http/action-state";
import { createUserAsAdmin, resetPasswordAsAdmin, setSurveyAccessAsAdmin, updateUserAsAdmin } from "@/lib/users/admin";

const role = z.enum(["owner", "admin", "staff"]);
const id = z.coerce.number().int().positive();

const createSchema = z.object({
  email: z.string().trim().min(1, "Enter an email address.").max(320),
  name: z.string().max(200).default(""),
  role,
  password: z.string().max(200).default(""),
});

export async function createUserAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const parsed = createSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "The form was not valid." };
    const { generatedPassword } = await createUserAsAdmin(actor, { ...parsed.data, password: parsed.data.password || undefined });
    revalidatePath("/admin/users");
    return generatedPassword
      ? { ok: true, message: `${parsed.data.email.toLowerCase()} can now sign in with the password`, secret: generatedPassword }
      : { ok: true, message: `${parsed.data.email.toLowerCase()} can now sign in.` };
  });
}

const updateSchema = z.object({ userId: id, role: role.optional(), active: z.enum(["true", "false"]).optional() });

export async function updateUserAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const parsed = updateSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: "The request was not valid." };
    const { userId, role: newRole, active } = parsed.data;
    await updateUserAsAdmin(actor, userId, { role: newRole, active: active === undefined ? undefined : active === "true" });
    revalidatePath("/admin/users");
    return { ok: true, message: active === "false" ? "Deactivated." : active === "true" ? "Activated." : "Saved." };
  });
}

export async function resetPasswordAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const parsed = z.object({ userId: id }).safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, error: "The request was not valid." };
    const password = await resetPasswordAsAdmin(actor, parsed.data.userId);
    return { ok: true, message: "New password:", secret: password };
  });
}

export async function setSurveyAccessAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(async () => {
    const actor = await requireRole(["owner", "admin"]);
    const parsed = z.object({ userId: id }).safeParse(Object.fromEntries(formData));
    const surveyIds = z.array(id).safeParse(formData.getAll("surveyId"));
    if (!parsed.success || !surveyIds.success) return { ok: false, error: "The request was not valid." };
    await setSurveyAccessAsAdmin(actor, parsed.data.userId, surveyIds.data);
    revalidatePath("/admin/users");
    return { ok: true, message: "Survey access saved." };
  });
}
