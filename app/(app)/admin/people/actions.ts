"use server";

import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { action, fieldErrors } from "@/lib/http/action";
import type { ActionResult } from "@/lib/http/action-result";
import { normalisePhoneNumber } from "@/lib/phone/normalise";
import type { PersonCounts } from "@/lib/privacy/counts";
import { erasePerson, previewErase } from "@/lib/privacy/person-data";

export type PersonResult = ActionResult<{ number: string; counts: PersonCounts }>;

const number = z.string().trim().min(1, "Enter a phone number.").max(40, "A phone number has at most 15 digits.");

export const previewPersonAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ number }) },
  async (input, actor): Promise<PersonResult> => {
    const normalised = normalisePhoneNumber(input.number);
    if (!normalised.ok) return fieldErrors({ number: normalised.error });
    return { ok: true, ...(await previewErase(actor, normalised.number)) };
  },
);

export const erasePersonAction = action(
  { roles: ADMIN_ROLES, schema: z.object({ number, confirmation: z.string().max(40).default("") }) },
  async (input, actor): Promise<PersonResult> => {
    const normalised = normalisePhoneNumber(input.number);
    if (!normalised.ok) return fieldErrors({ number: normalised.error });
    // Typed again by hand, in any form (+44 7700 …, 0044…): it must be the same number.
    const typed = normalisePhoneNumber(input.confirmation);
    if (!typed.ok || typed.number !== normalised.number) {
      return fieldErrors({ confirmation: `Type +${normalised.number} to confirm.` });
    }
    return { ok: true, ...(await erasePerson(actor, normalised.number)) };
  },
);
