// /api/v1/surveys: the surveys the token's user may see, and one survey's questions (the
// names PATCH /cases/{id} takes in `answers`).
import "server-only";
import { z } from "zod";
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

export const getSurveyEndpoint = endpoint(
  {
    method: "get",
    path: "/surveys/{id}",
    tag: "Surveys",
    summary: "Get a survey's questions",
    description: "Its questions in order and its case settings: the status question and the value that closes a case.",
    params: z.object({ id: idParam }),
    response: {
      status: 200,
      description: "The survey.",
      schema: z
        .object({
          id: z.number().int(),
          name: z.string(),
          questions: z.array(question),
          statusQuestionName: z.string().nullable(),
          closingValue: z.string().nullable(),
          defaultStatus: z.string().nullable(),
        })
        .meta({ id: "Survey" }),
    },
    errors: [404],
  },
  async ({ actor, params }) => {
    const form = await getSurveyForm(actor, params.id);
    return {
      ...form,
      questions: form.questions.map(({ name, label, type, choices, required }) => ({ name, label, type, choices, required })),
    };
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
