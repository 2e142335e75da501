"use server";

// The profile page's actions: API tokens (one's own here, anyone's the admin may manage from
// Admin > Users > API tokens; lib/api/tokens.ts checks which) and one's email notifications.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { issueToken, MAX_TOKEN_NAME, revokeToken } from "@/lib/api/tokens";
import { action } from "@/lib/http/action";
import type { ActionResult, FormResult } from "@/lib/http/action-result";
import { idField } from "@/lib/http/form-schemas";
import { setEmailNotifications } from "@/lib/users/email-preference";

function revalidate(userId: number) {
  revalidatePath("/profile");
  revalidatePath(`/admin/users/${userId}/tokens`);
}

export const createTokenAction = action(
  {
    schema: z.object({
      userId: idField.optional(),
      name: z.string().trim().min(1, "Give the token a name, such as the system that will use it.").max(MAX_TOKEN_NAME),
      // A date input: the token works until the end of that day (UTC), or for ever when empty.
      expiresOn: z
        .union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a date.")])
        .default(""),
    }),
  },
  async ({ userId, name, expiresOn }, actor): Promise<FormResult> => {
    const owner = userId ?? actor.id;
    const expiresAt = expiresOn ? new Date(`${expiresOn}T23:59:59Z`) : null;
    const { token } = await issueToken(actor, owner, { name, expiresAt });
    revalidate(owner);
    return { ok: true, message: "Copy the new token now:", secret: token };
  },
);

export const revokeTokenAction = action({ schema: z.object({ tokenId: idField }) }, async ({ tokenId }, actor): Promise<FormResult> => {
  const revoked = await revokeToken(actor, tokenId);
  revalidate(revoked.userId);
  return { ok: true, message: `${revoked.name} is revoked.` };
});

/** SPEC §13: the signed-in user's own notification emails, on or off (saved as the box is ticked). */
export const setEmailNotificationsAction = action(
  { schema: z.object({ emailNotifications: z.boolean() }) },
  async ({ emailNotifications }, actor): Promise<ActionResult<{ emailNotifications: boolean }>> => {
    const saved = await setEmailNotifications(actor, emailNotifications);
    revalidatePath("/profile");
    return { ok: true, emailNotifications: saved };
  },
);
