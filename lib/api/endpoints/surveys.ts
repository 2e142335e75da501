// /api/v1/surveys: the surveys the token's user may see, one survey's questions (the names
// PATCH /cases/{id} takes in `answers`) and service levels, which admins change (SPEC §13)
// through the same lib function as the survey editor.
import "server-only";
import { z } from "zod";
import { ADMIN_ROLES, type CurrentUser } from "@/lib/auth/access";
import { AppError } from "@/lib/http/app-error";
import { AUTO_CLOSE_DAYS_LIMIT, MINUTES_LIMIT } from "@/lib/service-levels/rules";
import { getServiceLevels, saveServiceLevels } from "@/lib/service-levels/settings";
import { getSurveyForm, listVisibleSurveys } from "@/lib/surveys/queries";
import { listSurveyUsers } from "@/lib/surveys/survey-users";
import { endpoint } from "../endpoint";
import { idParam, userRef } from "../schemas/common";

const surveySummary = z.object({ id: z.number().int(), name: z.string(), casesEnabled: z.boolean() }).meta({ id: "SurveySummary" });

export const listSurveysEndpoint = endpoint(
  {
    method: "get",
    path: "/surveys",
    tag: "Surveys",
    summary: "List surveys",
    description: "The surveys (not archived) the user may see, by name.",
    response: { status: 200, description: "The surveys.", schema: z.object({ items: z.array(surveySummary) }) },
  },
  async ({ actor }) => ({ items: await listVisibleSurveys(actor) }),
);

const question = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.enum(["text", "integer", "date", "select_one", "note", "conversation"]),
    choices: z.array(z.object({ value: z.string(), label: z.string() })),
    required: z.boolean(),
  })
  .meta({ id: "Question" });

const minutes = (what: string) =>
  z
    .number()
    .int()
    .min(MINUTES_LIMIT.min)
    .max(MINUTES_LIMIT.max)
    .nullable()
    .meta({ description: `${what}, in minutes (${MINUTES_LIMIT.min}–${MINUTES_LIMIT.max}); null: off.` });

/** SPEC §13: the survey's service levels and closing by time (null: off). */
const serviceLevels = z
  .object({
    firstResponseMinutes: minutes("First response: from a new case to its first reply that is not automatic"),
    nextResponseMinutes: minutes("Next response: from a message on a case answered before to the next reply"),
    autoCloseDays: z
      .number()
      .int()
      .min(AUTO_CLOSE_DAYS_LIMIT.min)
      .max(AUTO_CLOSE_DAYS_LIMIT.max)
      .nullable()
      .meta({ description: `Closing by time: an open case closes after this many days without a message (${AUTO_CLOSE_DAYS_LIMIT.min}–${AUTO_CLOSE_DAYS_LIMIT.max}); null: never.` }),
  })
  .meta({ id: "ServiceLevels" });

const surveySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    questions: z.array(question),
    statusQuestionName: z.string().nullable(),
    closingValue: z.string().nullable(),
    defaultStatus: z.string().nullable(),
    serviceLevels,
  })
  .meta({ id: "Survey" });

async function surveyOf(actor: CurrentUser, surveyId: number) {
  const [form, levels] = await Promise.all([getSurveyForm(actor, surveyId), getServiceLevels(actor, surveyId)]);
  return {
    ...form,
    questions: form.questions.map(({ name, label, type, choices, required }) => ({ name, label, type, choices, required })),
    serviceLevels: levels,
  };
}

export const getSurveyEndpoint = endpoint(
  {
    method: "get",
    path: "/surveys/{id}",
    tag: "Surveys",
    summary: "Get a survey's questions",
    description:
      "Its questions in order, its case settings (the status question and the value that closes a case) and its service levels (SPEC §13).",
    params: z.object({ id: idParam }),
    response: { status: 200, description: "The survey.", schema: surveySchema },
    errors: [404],
  },
  async ({ actor, params }) => surveyOf(actor, params.id),
);

export const patchSurveyEndpoint = endpoint(
  {
    method: "patch",
    path: "/surveys/{id}",
    tag: "Surveys",
    summary: "Change a survey's service levels",
    description:
      "Owners and admins: sets the service levels and closing by time, all or nothing; a field left out keeps its value, null turns it off. Due times already set stay; new messages use the new levels. Recorded in the audit log.",
    roles: ADMIN_ROLES,
    params: z.object({ id: idParam }),
    body: z
      .object({ serviceLevels: serviceLevels.partial().strict() })
      .strict()
      .refine((b) => Object.keys(b.serviceLevels).length > 0, { message: "Send at least one of serviceLevels' fields." }),
    bodyExamples: {
      levels: { serviceLevels: { firstResponseMinutes: 60, nextResponseMinutes: 240 } },
      closeAfterAWeek: { serviceLevels: { autoCloseDays: 7 } },
      off: { serviceLevels: { firstResponseMinutes: null, nextResponseMinutes: null, autoCloseDays: null } },
    },
    response: { status: 200, description: "The survey after the change.", schema: surveySchema },
    errors: [403, 404],
  },
  async ({ actor, params, body }) => {
    const result = await saveServiceLevels(actor, params.id, body.serviceLevels);
    if (!result.ok) {
      const [field, message] = Object.entries(result.fieldErrors)[0] ?? ["serviceLevels", "not valid"];
      throw new AppError("bad_request", `Invalid body: serviceLevels.${field}: ${message}`);
    }
    return surveyOf(actor, params.id);
  },
);

export const listSurveyUsersEndpoint = endpoint(
  {
    method: "get",
    path: "/surveys/{id}/users",
    tag: "Surveys",
    summary: "List the survey's users",
    description:
      "Active users who may see the survey's cases, by name: whom a case can be assigned to (`assigneeId` in PATCH /cases/{id}) and whom a note can mention.",
    params: z.object({ id: idParam }),
    response: { status: 200, description: "The users.", schema: z.object({ items: z.array(userRef) }) },
    errors: [404],
  },
  async ({ actor, params }) => ({ items: await listSurveyUsers(actor, params.id) }),
);
