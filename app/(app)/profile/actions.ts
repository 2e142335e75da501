"use server";

// API tokens from the browser: the profile page (one's own) and Admin > Users > API tokens
// (anyone's the admin may manage). lib/api/tokens.ts checks which.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { issueToken, MAX_TOKEN_NAME, revokeToken } from "@/lib/api/tokens";
import { action } from "@/lib/http/action";
import type { FormResult } from "@/lib/http/action-result";
import { idField } from "@/lib/http/form-schemas";

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
