"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { action } from "@/lib/http/action";
import type { FormResult } from "@/lib/http/action-result";
import { formList, idField } from "@/lib/http/form-schemas";
import { createUserAsAdmin, resetPasswordAsAdmin, setSurveyAccessAsAdmin, updateUserAsAdmin } from "@/lib/users/admin";

const role = z.enum(["owner", "admin", "staff"]);
const id = idField;

export const createUserAction = action(
  {
    roles: ADMIN_ROLES,
    schema: z.object({
      email: z.string().trim().min(1, "Enter an email address.").max(320),
      name: z.string().max(200).default(""),
      role,
      password: z.string().max(200).default(""),
    }),
  },
  async (input, actor): Promise<FormResult> => {
    const { generatedPassword } = await createUserAsAdmin(actor, { ...input, password: input.password || undefined });
    revalidatePath("/admin/users");
    const email = input.email.toLowerCase();
    return generatedPassword
      ? { ok: true, message: `${email} can now sign in with the password`, secret: generatedPassword }
      : { ok: true, message: `${email} can now sign in.` };
  },
);

export const updateUserAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ userId: id, role: role.optional(), active: z.enum(["true", "false"]).optional() }) },
  async ({ userId, role: newRole, active }, actor): Promise<FormResult> => {
    await updateUserAsAdmin(actor, userId, { role: newRole, active: active === undefined ? undefined : active === "true" });
    revalidatePath("/admin/users");
    return { ok: true, message: active === "false" ? "Deactivated." : active === "true" ? "Activated." : "Saved." };
  },
);

export const resetPasswordAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ userId: id }) },
  async ({ userId }, actor): Promise<FormResult> => {
    const password = await resetPasswordAsAdmin(actor, userId);
    return { ok: true, message: "New password:", secret: password };
  },
);

export const setSurveyAccessAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ userId: id, surveyId: formList(id) }) },
  async ({ userId, surveyId }, actor): Promise<FormResult> => {
    await setSurveyAccessAsAdmin(actor, userId, surveyId);
    revalidatePath("/admin/users");
    return { ok: true, message: "Survey access saved." };
  },
);
