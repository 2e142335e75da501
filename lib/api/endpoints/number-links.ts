// /api/v1/number-links (SPEC §3, §13): owners and admins list the numbers and the survey each
// feeds, and change a link's business hours — the same lib functions and checks as Users >
// Conversations.
import "server-only";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { MAX_OUT_OF_HOURS_REPLY } from "@/lib/business-hours/settings";
import { AppError } from "@/lib/http/app-error";
import { getLink, listLinks, updateLinkHours } from "@/lib/numbers/links";
import { endpoint } from "../endpoint";
import { idParam } from "../schemas/common";

const interval = z.object({ start: z.string().meta({ example: "09:00" }), end: z.string().meta({ example: "17:00" }) });
const weeklyHours = z
  .record(z.string(), z.array(interval))
  .meta({
    id: "BusinessHours",
    description:
      'Open intervals per ISO weekday, "1" (Monday) to "7" (Sunday), as HH:MM in the link\'s time zone; an end before the start runs past midnight, "24:00" ends a day. A day left out is closed.',
    example: { "1": [{ start: "09:00", end: "17:00" }], "6": [{ start: "10:00", end: "12:00" }] },
  });

const numberLinkSchema = z
  .object({
    id: z.number().int(),
    ourNumber: z.string().meta({ description: "E.164 digits without +." }),
    channel: z.enum(["sms", "whatsapp"]),
    surveyId: z.number().int(),
    surveyName: z.string(),
    description: z.string(),
    multiCaseReply: z.string(),
    optOutConfirmation: z.string(),
    helpText: z.string(),
    timeZone: z.string().nullable().meta({ description: "IANA time zone of the business hours; null = always open." }),
    businessHours: weeklyHours.nullable(),
    outOfHoursReply: z.string().meta({ description: "Sent to a person who writes out of hours, at most once per 12 hours; empty = none." }),
  })
  .meta({ id: "NumberLink" });

export const listNumberLinksEndpoint = endpoint(
  {
    method: "get",
    path: "/number-links",
    tag: "Number links",
    summary: "List number links",
    description: "Our numbers, each with the survey its messages feed and its automatic texts and business hours. Owners and admins.",
    roles: ADMIN_ROLES,
    response: { status: 200, description: "The links, by number.", schema: z.object({ items: z.array(numberLinkSchema) }) },
  },
  async ({ actor }) => ({ items: await listLinks(actor) }),
);

export const patchNumberLinkEndpoint = endpoint(
  {
    method: "patch",
    path: "/number-links/{id}",
    tag: "Number links",
    summary: "Change a link's business hours",
    description: `Owners and admins. Fields left out keep their value. \`timeZone\` null or "" makes the number always open (the hours are dropped). A time zone that is not IANA, or hours that are not valid, answer 400 naming the field and nothing changes. The out-of-hours reply holds at most ${MAX_OUT_OF_HOURS_REPLY} characters.`,
    roles: ADMIN_ROLES,
    params: z.object({ id: idParam }),
    body: z
      .object({
        timeZone: z.string().max(100).nullable().optional(),
        businessHours: z.unknown().optional().meta({ description: "BusinessHours (see the NumberLink schema)." }),
        outOfHoursReply: z.string().max(MAX_OUT_OF_HOURS_REPLY * 2).optional(),
      })
      .strict(),
    bodyExamples: {
      weekdays: {
        timeZone: "Europe/London",
        businessHours: { "1": [{ start: "09:00", end: "17:00" }], "2": [{ start: "09:00", end: "17:00" }] },
        outOfHoursReply: "Thanks! We are closed now and answer from 09:00.",
      },
    },
    response: { status: 200, description: "The link as it is now.", schema: numberLinkSchema },
    errors: [404],
  },
  async ({ actor, params, body }) => {
    const result = await updateLinkHours(actor, params.id, body);
    if (!result.ok) {
      const [field, message] = Object.entries(result.fieldErrors)[0] ?? ["body", "is not valid"];
      throw new AppError("bad_request", `Invalid body: ${field.startsWith("hours") ? "businessHours" : field}: ${message}`);
    }
    return (await getLink(actor, params.id))!;
  },
);
