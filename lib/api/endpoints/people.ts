// /api/v1/people/{number}: erase or export a person (SPEC §16) for owners and admins — the
// same selection Admin > People counts, exports and erases.
import "server-only";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { AppError } from "@/lib/http/app-error";
import { normalisePhoneNumber } from "@/lib/phone/normalise";
import { erasePerson, exportPerson, personExportFileName, previewErase } from "@/lib/privacy/person-data";
import { endpoint } from "../endpoint";
import { dateTime } from "../schemas/common";

const count = (description: string) => z.number().int().meta({ description });

const countsSchema = z
  .object({
    messagesFrom: count("Messages from the number, in every survey."),
    messagesTo: count("Messages to it (replies, automatic ones too)."),
    media: count("Of those, the ones carrying media."),
    mediaFiles: count("Files of those messages kept in Caseline's storage (deleted with them)."),
    mediaBytes: count("The bytes of those files."),
    cases: count("Cases holding only its messages (deleted with it)."),
    casesKept: count("Other numbers' cases holding some of its messages (kept, without them)."),
    surveys: count("Surveys its cases are in."),
    webhookEvents: count("Vonage webhooks about it, in the webhook event log."),
    simulatorMessages: count("Phone simulator messages of that phone."),
    webhookDeliveries: count("Outgoing webhook deliveries about it."),
    auditEntries: count("Audit entries of its cases (kept, their before → after cleared on erasure)."),
    optOuts: count("Our numbers it is opted out of right now (SPEC §12); erased, replies to it are no longer refused."),
    optOutEvents: count("Its opt-outs and opt-ins as recorded over time."),
  })
  .meta({ id: "PersonCounts" });

const personSchema = z
  .object({ number: z.string().meta({ description: "The number as stored: E.164 digits, no +.", example: "447700900123" }), counts: countsSchema })
  .meta({ id: "PersonData" });

const rows = z.array(z.record(z.string(), z.unknown()));

const exportSchema = z
  .object({
    format: z.literal("caseline.person.v1"),
    number: z.string().meta({ example: "+447700900123" }),
    exportedAt: dateTime,
    counts: countsSchema,
    messages: rows,
    mediaFiles: rows.meta({ description: "The stored files of its messages: id, message, type, name, content type, size, SHA-256, state — not their bytes (GET /media/{id} each before erasing if needed)." }),
    cases: rows.meta({ description: "Its cases, each with its answers, notes, message ids and history." }),
    casesKept: rows.meta({ description: "Other numbers' cases holding its messages: their id, survey and those message ids only." }),
    webhookEvents: rows,
    simulatorMessages: rows,
    webhookDeliveries: rows,
    auditEntries: rows,
    optOuts: rows.meta({ description: "Its current opt-outs: our number, keyword, since." }),
    optOutEvents: rows.meta({ description: "Every opt-out and opt-in it sent: our number, action, keyword, at." }),
  })
  .meta({ id: "PersonExport" });

const params = z.object({
  number: z.string().max(40).meta({ description: "The person's number in international form: 447700900123, +447700900123 (or %2B…), 00447700900123." }),
});

/** A number that is not one is bad input (400 naming it), not a missing resource. */
function numberOf(raw: string): string {
  const normalised = normalisePhoneNumber(decodeURIComponent(raw));
  if (!normalised.ok) throw new AppError("bad_request", `Invalid path: number: ${normalised.error}`);
  return normalised.number;
}

export const getPersonEndpoint = endpoint(
  {
    method: "get",
    path: "/people/{number}",
    tag: "People",
    summary: "Count what Caseline holds of a number",
    description: "What erasing the number would delete, as counts, across every survey. Owners and admins.",
    roles: ADMIN_ROLES,
    params,
    response: { status: 200, description: "The counts.", schema: personSchema },
  },
  ({ actor, params }) => previewErase(actor, numberOf(params.number)),
);

export const exportPersonEndpoint = endpoint(
  {
    method: "get",
    path: "/people/{number}/export",
    tag: "People",
    summary: "Export everything of a number",
    description: "The same selection as the counts, as one JSON document (served as a download). The export is recorded in the audit log with the counts. Owners and admins.",
    roles: ADMIN_ROLES,
    params,
    response: { status: 200, description: "The person's data.", schema: exportSchema },
  },
  async ({ actor, params }) => {
    const document = await exportPerson(actor, numberOf(params.number));
    return Response.json(document, { headers: { "content-disposition": `attachment; filename="${personExportFileName(document.number)}"` } });
  },
);

export const erasePersonEndpoint = endpoint(
  {
    method: "delete",
    path: "/people/{number}",
    tag: "People",
    summary: "Erase everything of a number",
    description:
      "Deletes, in one transaction, everything the counts cover; a message from the number arriving meanwhile waits and lands afterwards, as new. The audit log keeps the counts and a masked number, never the number. 409 while a reply to the number is being handed to the carrier (try again within a minute). Owners and admins.",
    roles: ADMIN_ROLES,
    params,
    response: { status: 200, description: "What was erased.", schema: personSchema },
    errors: [409],
  },
  ({ actor, params }) => erasePerson(actor, numberOf(params.number)),
);
