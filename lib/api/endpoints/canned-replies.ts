// /api/v1/canned-replies (SPEC §9, §15): every user lists the canned replies of the surveys they
// may see; owners and admins add, change and delete them — the same lib functions as Admin >
// Surveys > the survey.
import "server-only";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { createCannedReply, deleteCannedReply, listCannedReplies, updateCannedReply, type CannedReplyResult } from "@/lib/canned/canned-replies";
import { MAX_CANNED_NAME, MAX_CANNED_TEXT } from "@/lib/canned/rules";
import { AppError } from "@/lib/http/app-error";
import { endpoint } from "../endpoint";
import { cannedReplySchema } from "../schemas/canned-replies";
import { idParam } from "../schemas/common";

// Lengths are checked after trimming by the lib (a 400 naming the field); the schemas refuse
// only what could never fit.
const name = z.string().max(MAX_CANNED_NAME * 2);
const text = z.string().max(MAX_CANNED_TEXT * 2);

/** The lib's answer, or its field error as the API's 400, naming the field like a schema failure would. */
function replyOr400(result: CannedReplyResult) {
  if (result.ok) return result.reply;
  const [field, message] = Object.entries(result.fieldErrors)[0] ?? ["body", "is not valid"];
  throw new AppError("bad_request", `Invalid body: ${field}: ${message}`);
}

export const listCannedRepliesEndpoint = endpoint(
  {
    method: "get",
    path: "/canned-replies",
    tag: "Canned replies",
    summary: "List canned replies",
    description: "Those of one survey (404 if the user may not see it), or without `surveyId` those of every survey the user may see; by name.",
    query: z.object({ surveyId: idParam.optional().meta({ description: "Only this survey's canned replies." }) }),
    response: { status: 200, description: "The canned replies.", schema: z.object({ items: z.array(cannedReplySchema) }) },
    errors: [404],
  },
  async ({ actor, query }) => ({ items: await listCannedReplies(actor, { surveyId: query.surveyId }) }),
);

export const createCannedReplyEndpoint = endpoint(
  {
    method: "post",
    path: "/canned-replies",
    tag: "Canned replies",
    summary: "Add a canned reply",
    description: `Owners and admins. The name (1 to ${MAX_CANNED_NAME} characters) must be new in the survey, ignoring case; the text holds 1 to ${MAX_CANNED_TEXT} characters. Both are trimmed first. A name already used answers 400 naming \`name\`.`,
    roles: ADMIN_ROLES,
    body: z.object({ surveyId: z.number().int().positive(), name, text }).strict(),
    bodyExamples: { thanks: { surveyId: 1, name: "Thanks", text: "Thank you for your message: we will get back to you within one working day." } },
    response: { status: 201, description: "The new canned reply.", schema: cannedReplySchema },
    errors: [404],
  },
  async ({ actor, body }) => replyOr400(await createCannedReply(actor, body)),
);

const replyParams = z.object({ id: idParam });

export const patchCannedReplyEndpoint = endpoint(
  {
    method: "patch",
    path: "/canned-replies/{id}",
    tag: "Canned replies",
    summary: "Change a canned reply",
    description: "Owners and admins. Fields left out keep their value; the same rules as when adding.",
    roles: ADMIN_ROLES,
    params: replyParams,
    body: z
      .object({ name: name.optional(), text: text.optional() })
      .strict()
      .refine((b) => b.name !== undefined || b.text !== undefined, { message: "Send at least one of name, text." }),
    bodyExamples: { rename: { name: "Thanks (short)" } },
    response: { status: 200, description: "The canned reply as it is now.", schema: cannedReplySchema },
    errors: [404],
  },
  async ({ actor, params, body }) => replyOr400(await updateCannedReply(actor, params.id, body)),
);

export const deleteCannedReplyEndpoint = endpoint(
  {
    method: "delete",
    path: "/canned-replies/{id}",
    tag: "Canned replies",
    summary: "Delete a canned reply",
    description: "Owners and admins.",
    roles: ADMIN_ROLES,
    params: replyParams,
    response: { status: 200, description: "The deleted canned reply.", schema: cannedReplySchema },
    errors: [404],
  },
  ({ actor, params }) => deleteCannedReply(actor, params.id),
);
