// /api/v1/cases: the console's reads and changes, through the same lib functions.
import "server-only";
import { z } from "zod";
import { requireVisibleCase } from "@/lib/auth/access";
import { CASE_VIEWS, caseHoldsMessage, getCaseDetail, listCases, type CaseListQuery } from "@/lib/cases/read-queries";
import { moveMessageToNewCase, MAX_MOVE_COMMENT } from "@/lib/cases/move-message";
import { MAX_NOTES, MAX_TITLE, updateCase } from "@/lib/cases/update-case";
import { AppError } from "@/lib/http/app-error";
import { queueReply } from "@/lib/outbound/queue-reply";
import { retryReply } from "@/lib/outbound/retry-reply";
import { MAX_PARAMETER_LENGTH, MAX_TEMPLATE_NAME, MAX_TEMPLATE_PARAMETERS } from "@/lib/templates/rules";
import { endpoint } from "../endpoint";
import { caseDetailSchema, caseListSchema } from "../schemas/cases";
import { idParam } from "../schemas/common";

/** The console's list filters; the console's own route (app/api/cases) parses with it too. */
export const caseListQuery = z.object({
  surveyId: idParam.optional().meta({ description: "Only this survey's cases (404 if the user may not see it)." }),
  state: z.enum(["open", "closed", "all"]).default("all"),
  view: z.enum(CASE_VIEWS).default("all").meta({ description: "`mine`: assigned to the token's user; `unassigned`: assigned to nobody; `all`." }),
  q: z
    .string()
    .max(200)
    .optional()
    .meta({
      description:
        "A case number (#123), or text: found in the title or notes (as typed), or as words in a message or a thread note — all of them, any order, whole words, ignoring case and accents. Word hits carry `match`.",
    }),
  phone: z.string().max(40).optional().meta({ description: "The start of the person's number." }),
  overdue: z
    .enum(["true", "false"])
    .optional()
    .meta({ description: "`true`: only cases past their service level's due time (SPEC §13), the console's Overdue filter." }),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The parsed query as the list's filters. */
export function caseListFilters(query: z.output<typeof caseListQuery>): CaseListQuery {
  return { ...query, overdue: query.overdue === "true" };
}

const caseParams = z.object({ id: idParam.meta({ description: "The case's number (#123 is 123)." }) });
const messageParams = caseParams.extend({ messageId: idParam });

export const listCasesEndpoint = endpoint(
  {
    method: "get",
    path: "/cases",
    tag: "Cases",
    summary: "List cases",
    description:
      "The cases the token's user may see, newest activity first, with the console's filters. Pages are keyset-paged: pass `nextCursor` back as `cursor`.",
    query: caseListQuery,
    response: { status: 200, description: "One page of cases.", schema: caseListSchema },
    errors: [404],
  },
  ({ actor, query }) => listCases(actor, caseListFilters(query)),
);

export const getCaseEndpoint = endpoint(
  {
    method: "get",
    path: "/cases/{id}",
    tag: "Cases",
    summary: "Get a case",
    description: "The case with its thread (messages in order) and its history. A case of a survey the user may not see answers 404, like a missing one.",
    params: caseParams,
    response: { status: 200, description: "The case.", schema: caseDetailSchema },
    errors: [404],
  },
  ({ actor, params }) => getCaseDetail(actor, params.id),
);

const answerValue = z.union([z.string().max(10_000), z.number(), z.null()]);

export const patchCaseEndpoint = endpoint(
  {
    method: "patch",
    path: "/cases/{id}",
    tag: "Cases",
    summary: "Change a case",
    description:
      "Changes the title, notes, answers or assignee, all or nothing; fields left out keep their value. Answering the status question with its closing value closes the case, another value reopens it. `null` clears an answer.",
    params: caseParams,
    body: z
      .object({
        title: z.string().max(MAX_TITLE * 2).optional(),
        notes: z.string().max(MAX_NOTES * 2).optional(),
        answers: z.record(z.string().max(100), answerValue).optional().meta({ description: "By question name (see GET /surveys/{id})." }),
        assigneeId: z
          .number()
          .int()
          .positive()
          .nullable()
          .optional()
          .meta({ description: "A user who may see the case's survey (GET /surveys/{id}/users lists them), or null to unassign." }),
      })
      .strict()
      .refine((b) => b.title !== undefined || b.notes !== undefined || b.answers !== undefined || b.assigneeId !== undefined, {
        message: "Send at least one of title, notes, answers, assigneeId.",
      }),
    bodyExamples: {
      close: { answers: { status: "resolved" } },
      retitle: { title: "Boiler not working", notes: "Engineer booked for Tuesday." },
      assign: { assigneeId: 7 },
      unassign: { assigneeId: null },
    },
    response: { status: 200, description: "The case after the change.", schema: caseDetailSchema },
    errors: [404],
  },
  async ({ actor, params, body }) => {
    const answers = body.answers
      ? Object.fromEntries(Object.entries(body.answers).map(([name, value]) => [name, value === null ? "" : String(value)]))
      : undefined;
    const edit = { title: body.title, notes: body.notes, answers, assigneeId: body.assigneeId };
    const result = await updateCase(actor, { caseId: params.id, edit, partial: true });
    if (!result.ok) {
      const [field, message] = Object.entries(result.fieldErrors)[0] ?? ["body", "not valid"];
      const where = field === "title" || field === "notes" || field === "assigneeId" ? field : `answers.${field}`;
      throw new AppError("bad_request", `Invalid body: ${where}: ${message}`);
    }
    return getCaseDetail(actor, params.id);
  },
);

export const replyEndpoint = endpoint(
  {
    method: "post",
    path: "/cases/{id}/replies",
    tag: "Cases",
    summary: "Send a reply",
    description:
      "Queues a reply to the person and answers 202: the send worker delivers it. Either `text` (the case reference is added at the end, as in the console) or, on a WhatsApp case, `template`: one of the templates that case's number may send (GET /templates?caseId=…), with every parameter filled in — sent as it was approved, without the reference, whether the 24-hour window is open or not; the case shows its body filled in. `template.locale` may be left out when the name has only one language for that number. Parameters are trimmed; WhatsApp refuses empty ones and those with line breaks, tabs or more than four spaces in a row (400). To send a file, upload it first (`POST /uploads`) and give its id as `mediaId`; `text` is then optional and goes with the file as its caption (with the reference). The file must be your own upload, not attached yet (409), and fit the case's channel (400 with the reason: SMS carries no files; WhatsApp takes images up to 5 MB, audio and video up to 16 MB, documents up to 100 MB). A template goes without a file. The same `idempotencyKey` again answers with the same message (`duplicate: true`) and sends nothing; the same key with other text, another file, or another template or parameters answers 409. A text or file reply on a WhatsApp case whose 24-hour window is closed answers 409 `outside_window` unless `sendOutsideWindow` is true. A person who opted out of the case's number (SMS STOP, SPEC §12; the case's `optedOut`) answers 409 with the reason, and nothing is stored or sent.",
    params: caseParams,
    body: z
      .object({
        text: z.string().min(1).max(5_000).optional().meta({ description: "The message. With `mediaId`, the file's caption (optional)." }),
        mediaId: z.number().int().positive().optional().meta({ description: "An upload of yours (POST /uploads) to send with this reply." }),
        template: z
          .object({
            name: z.string().min(1).max(MAX_TEMPLATE_NAME),
            locale: z.string().min(1).max(40).optional().meta({ description: "WhatsApp's language code; needed only when the name has several for this number." }),
            parameters: z
              .array(z.string().max(MAX_PARAMETER_LENGTH * 2))
              .max(MAX_TEMPLATE_PARAMETERS)
              .default([])
              .meta({ description: "The values of {{1}} … {{n}}, in order." }),
          })
          .strict()
          .optional()
          .meta({ description: "A WhatsApp template instead of `text` (SPEC §10)." }),
        idempotencyKey: z
          .string()
          .regex(/^[A-Za-z0-9_-]{16,100}$/, "16 to 100 letters, digits, - or _ (a UUID without braces works)")
          .meta({ description: "Chosen by the caller, unique per reply; retry with the same key." }),
        sendOutsideWindow: z.boolean().optional().meta({ description: "Text only: send although the WhatsApp window is closed." }),
      })
      .strict()
      .refine((b) => (b.template === undefined ? b.text !== undefined || b.mediaId !== undefined : b.text === undefined && b.mediaId === undefined), {
        message: "Send text, mediaId (or both), or a template on its own.",
      }),
    bodyExamples: {
      reply: { text: "Thanks, an engineer will call you today.", idempotencyKey: "4a1f6c0e-2b7d-4f59-9d35-6a0c1e8b7f21" },
      file: { text: "Here is the invoice.", mediaId: 42, idempotencyKey: "0d8c4b2e-7f1a-4c3d-9e6b-5a2f1d0c8b7e" },
      template: {
        template: { name: "appointment_reminder", locale: "en_GB", parameters: ["Sam", "Tuesday 10:00"] },
        idempotencyKey: "9c2e7d41-5a3b-4e8f-b1d6-2f0a9c4e7b13",
      },
    },
    response: {
      status: 202,
      description: "The reply is stored and queued.",
      schema: z.object({ messageId: z.number().int(), status: z.literal("queued"), duplicate: z.boolean() }).meta({ id: "QueuedReply" }),
    },
    errors: [404, 409],
  },
  async ({ actor, params, body }) => {
    const result = await queueReply(actor, {
      caseId: params.id,
      message: body.text,
      template: body.template,
      idempotencyKey: body.idempotencyKey,
      sendOutsideWindow: body.sendOutsideWindow,
      mediaId: body.mediaId,
    });
    if (result.status === "outside_window") {
      throw new AppError(
        "conflict",
        `outside_window: the person last wrote ${result.lastInboundAt ?? "never"}; WhatsApp allows free text only within 24 hours of their last message. Send an approved template instead (see GET /templates?caseId=…), or send with "sendOutsideWindow": true to try anyway.`,
      );
    }
    return { messageId: result.messageId, status: "queued" as const, duplicate: result.duplicate };
  },
);

export const moveMessageEndpoint = endpoint(
  {
    method: "post",
    path: "/cases/{id}/messages/{messageId}/move",
    tag: "Cases",
    summary: "Move a message to a case of its own",
    description: "The message (from the person) leaves this case for a new case of the same survey, with `comment` as its notes.",
    params: messageParams,
    body: z.object({ comment: z.string().max(MAX_MOVE_COMMENT).default("") }).strict(),
    bodyExamples: { move: { comment: "A different question: their second flat." } },
    response: { status: 201, description: "The new case.", schema: z.object({ caseId: z.number().int() }).meta({ id: "MovedMessage" }) },
    errors: [404, 409],
  },
  async ({ actor, params, body }) => {
    const { newCaseId } = await moveMessageToNewCase(actor, { caseId: params.id, messageId: params.messageId, comment: body.comment });
    return { caseId: newCaseId };
  },
);

export const retryMessageEndpoint = endpoint(
  {
    method: "post",
    path: "/cases/{id}/messages/{messageId}/retry",
    tag: "Cases",
    summary: "Send a failed reply again",
    description: "Queues a failed reply for another attempt (the console's Retry). 409 if it has not failed, or if the person has opted out of the case's number since (with the reason).",
    params: messageParams,
    response: { status: 202, description: "Queued again.", schema: z.object({ messageId: z.number().int() }).meta({ id: "RetriedReply" }) },
    errors: [404, 409],
  },
  async ({ actor, params }) => {
    // The message must be in this case (the path says so); retryReply checks access itself.
    await requireVisibleCase(actor, params.id);
    if (!(await caseHoldsMessage(params.id, params.messageId))) throw new AppError("not_found", "Message not found.");
    return retryReply(actor, { messageId: params.messageId });
  },
);
