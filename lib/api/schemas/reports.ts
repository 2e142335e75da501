// SPEC §14: the report's query and answer. The page's own route (app/api/reports) and
// GET /api/v1/reports parse with the same schema and answer with the same lib function.
import { z } from "zod";
import { MAX_REPORT_DAYS, checkRange, rangeFields } from "@/lib/reports/range";
import { idParam } from "./common";

export const reportQuery = z
  .object({
    surveyId: idParam.meta({ description: "The survey (404 if the user may not see it)." }),
    ...rangeFields,
  })
  .superRefine(checkRange(MAX_REPORT_DAYS));

const seconds = z.number().int().nullable();

const durationsSchema = z
  .object({
    medianSeconds: seconds.meta({ description: "The median, in whole seconds; null when there is nothing to measure." }),
    p90Seconds: seconds.meta({ description: "The 90th percentile, in whole seconds; null when there is nothing to measure." }),
  })
  .meta({ id: "Durations" });

export const reportSchema = z
  .object({
    days: z
      .array(
        z.object({
          date: z.string().meta({ example: "2026-03-01" }),
          opened: z.number().int().meta({ description: "Cases created that day." }),
          closed: z.number().int().meta({ description: "Cases last closed that day (still closed)." }),
        }),
      )
      .meta({ description: "Every day of the range, in order, days without cases included." }),
    firstResponse: durationsSchema.meta({
      description: "From a case's creation to its first reply that is not automatic, over the cases opened in the range that have one.",
    }),
    resolution: durationsSchema.meta({ description: "From a case's creation to its closing, over the cases closed in the range." }),
    messages: z
      .object({ inbound: z.number().int(), outbound: z.number().int() })
      .meta({ description: "The survey's messages in the range (each once, though a message may be in several cases)." }),
    byAssignee: z
      .array(
        z.object({
          userId: z.number().int().nullable().meta({ description: "null: the cases nobody is assigned to." }),
          name: z.string(),
          assigned: z.number().int().meta({ description: "Cases opened in the range and assigned to this user now." }),
          closed: z.number().int().meta({ description: "Cases closed in the range and assigned to this user now." }),
          firstResponse: durationsSchema,
        }),
      )
      .meta({ description: "By the cases' current assignee, most assigned first; unassigned last." }),
  })
  .meta({ id: "Report" });
