// /api/v1/reports: a survey's report (SPEC §14), the numbers the Reports page shows.
import "server-only";
import { resolveRange } from "@/lib/reports/range";
import { surveyReport } from "@/lib/reports/survey-report";
import { endpoint } from "../endpoint";
import { reportQuery, reportSchema } from "../schemas/reports";

export const getReportEndpoint = endpoint(
  {
    method: "get",
    path: "/reports",
    tag: "Reports",
    summary: "A survey's report",
    description:
      "Cases opened and closed per day, first response and resolution times (median and 90th percentile), messages in and out, and the same per assignee, for the days `from`..`to` (both included) in the time zone `tz`. At most 366 days. Staff may ask for the surveys they are given; another survey answers 404.",
    query: reportQuery,
    response: { status: 200, description: "The report.", schema: reportSchema },
    errors: [404],
  },
  ({ actor, query }) => surveyReport(actor, query.surveyId, resolveRange(query)),
);
