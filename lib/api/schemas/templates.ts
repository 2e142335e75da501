// The WhatsApp template shape of the API: exactly what lib/templates returns.
import { z } from "zod";
import { dateTime } from "./common";

export const templateSchema = z
  .object({
    id: z.number().int(),
    name: z.string().meta({ description: "As approved in the WhatsApp Business account: lowercase letters, digits and underscores.", example: "appointment_reminder" }),
    locale: z.string().meta({ description: "WhatsApp's language code (Vonage's `whatsapp.locale`).", example: "en_GB" }),
    body: z.string().meta({ description: "The approved body, with `{{1}}` … `{{n}}` where the parameters go.", example: "Hi {{1}}, your appointment is on {{2}}." }),
    parameterCount: z.number().int().meta({ description: "How many parameters a reply with it must give (n)." }),
    numbers: z
      .array(z.string())
      .meta({ description: "Our WhatsApp numbers (E.164 digits, no +) it may be sent from — for staff, only those of surveys they may see." }),
    updatedAt: dateTime,
  })
  .meta({ id: "WhatsAppTemplate" });
