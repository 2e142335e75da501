// /api/v1/templates (SPEC §10, §15): WhatsApp templates, kept once for the server and tied to the
// WhatsApp numbers they may be sent from. Everyone lists those they may use; owners and admins
// add, change and delete them — the same lib functions as Admin > Users > Templates.
import "server-only";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { AppError } from "@/lib/http/app-error";
import { MAX_TEMPLATE_BODY, MAX_TEMPLATE_NAME } from "@/lib/templates/rules";
import { createTemplate, deleteTemplate, listTemplates, updateTemplate, type TemplateResult } from "@/lib/templates/templates";
import { endpoint } from "../endpoint";
import { idParam } from "../schemas/common";
import { templateSchema } from "../schemas/templates";

// The lib checks names, codes, bodies and numbers (a 400 naming the field); the schemas refuse
// only what could never fit.
const name = z.string().max(MAX_TEMPLATE_NAME * 2).meta({ example: "appointment_reminder" });
const locale = z.string().max(40).meta({ description: "WhatsApp's language code: en, en_GB, pt_BR … (en-GB is read as en_GB).", example: "en_GB" });
const body = z.string().max(MAX_TEMPLATE_BODY * 2).meta({ description: "With {{1}} … {{n}}, numbered from 1 without gaps." });
const numbers = z
  .array(z.string().max(40))
  .max(500)
  .meta({ description: "Our WhatsApp numbers it may be sent from (as linked in Users > Conversations); at least one." });

/** The lib's answer, or its field error as the API's 400, naming the field like a schema failure would. */
function templateOr400(result: TemplateResult) {
  if (result.ok) return result.template;
  const [field, message] = Object.entries(result.fieldErrors)[0] ?? ["body", "is not valid"];
  throw new AppError("bad_request", `Invalid body: ${field}: ${message}`);
}

export const listTemplatesEndpoint = endpoint(
  {
    method: "get",
    path: "/templates",
    tag: "Templates",
    summary: "List WhatsApp templates",
    description:
      "Owners and admins: every template. Staff: those of the WhatsApp numbers of surveys they may see. `caseId` narrows to the templates that case may be sent (its number's; none on an SMS case; 404 if the user may not see the case), `ourNumber` to one number's. By name, then language.",
    query: z.object({
      caseId: idParam.optional().meta({ description: "Only the templates this case may be sent." }),
      ourNumber: z.string().max(40).optional().meta({ description: "Only the templates of this number of ours.", example: "447700900010" }),
    }),
    response: { status: 200, description: "The templates.", schema: z.object({ items: z.array(templateSchema) }) },
    errors: [404],
  },
  async ({ actor, query }) => ({ items: await listTemplates(actor, query) }),
);

export const createTemplateEndpoint = endpoint(
  {
    method: "post",
    path: "/templates",
    tag: "Templates",
    summary: "Add a WhatsApp template",
    description: `Owners and admins. Keep it exactly as approved in the WhatsApp Business account: the name (lowercase letters, digits, underscores; up to ${MAX_TEMPLATE_NAME}), its language code and its body (up to ${MAX_TEMPLATE_BODY} characters). A name already used in that language answers 400 naming \`name\`; a number that is not a linked WhatsApp number, 400 naming \`numbers\`.`,
    roles: ADMIN_ROLES,
    body: z.object({ name, locale, body, numbers }).strict(),
    bodyExamples: {
      reminder: { name: "appointment_reminder", locale: "en_GB", body: "Hi {{1}}, your appointment is on {{2}}. Reply to this message to change it.", numbers: ["447700900010"] },
    },
    response: { status: 201, description: "The new template.", schema: templateSchema },
  },
  async ({ actor, body }) => templateOr400(await createTemplate(actor, body)),
);

const templateParams = z.object({ id: idParam });

export const patchTemplateEndpoint = endpoint(
  {
    method: "patch",
    path: "/templates/{id}",
    tag: "Templates",
    summary: "Change a WhatsApp template",
    description: "Owners and admins. Fields left out keep their value; `numbers` replaces the list. The same rules as when adding. Messages already sent keep their text.",
    roles: ADMIN_ROLES,
    params: templateParams,
    body: z
      .object({ name: name.optional(), locale: locale.optional(), body: body.optional(), numbers: numbers.optional() })
      .strict()
      .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "Send at least one of name, locale, body, numbers." }),
    bodyExamples: { numbers: { numbers: ["447700900010", "447700900011"] } },
    response: { status: 200, description: "The template as it is now.", schema: templateSchema },
    errors: [404],
  },
  async ({ actor, params, body }) => templateOr400(await updateTemplate(actor, params.id, body)),
);

export const deleteTemplateEndpoint = endpoint(
  {
    method: "delete",
    path: "/templates/{id}",
    tag: "Templates",
    summary: "Delete a WhatsApp template",
    description: "Owners and admins. Messages already sent with it keep their text.",
    roles: ADMIN_ROLES,
    params: templateParams,
    response: { status: 200, description: "The deleted template.", schema: templateSchema },
    errors: [404],
  },
  ({ actor, params }) => deleteTemplate(actor, params.id),
);
