// /api/v1/audit: the audit log (SPEC §16) for owners and admins — the list Admin > Audit shows,
// and the same filter as CSV.
import "server-only";
import { z } from "zod";
import { auditFiltersSchema } from "@/lib/audit/filters";
import { auditCsvFileName, exportAuditCsv, listAudit } from "@/lib/audit/queries";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { endpoint } from "../endpoint";
import { dateTime } from "../schemas/common";

const snapshot = z.record(z.string(), z.unknown()).nullable();

const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: dateTime,
    action: z.string().meta({ description: "What happened, as `<thing>.<verb>`: `case.updated`, `user.created`, `person.erased` …", example: "case.updated" }),
    user: z
      .object({ id: z.number().int(), name: z.string(), email: z.string() })
      .nullable()
      .meta({ description: "Who acted; null when the system did (first start, a script)." }),
    token: z.object({ id: z.number().int(), name: z.string() }).nullable().meta({ description: "Set when the user acted through an API token." }),
    survey: z.object({ id: z.number().int(), name: z.string().nullable() }).nullable(),
    caseId: z.number().int().nullable(),
    target: z.string().nullable().meta({ description: "What was acted on when it is not a case: `user:12`, `number_link:3`, `person:+44 •••••••• 23` …" }),
    before: snapshot.meta({ description: "The changed fields before; a secret never appears (only `\"changed\"` in `after`)." }),
    after: snapshot.meta({ description: "The changed fields after. `{ \"erased\": true }`: the details went with an erased person." }),
  })
  .meta({ id: "AuditEntry" });

export const listAuditEndpoint = endpoint(
  {
    method: "get",
    path: "/audit",
    tag: "Audit",
    summary: "List the audit log",
    description:
      "Every change to a case and every admin action, newest first: who (and through which token), when, what, and before → after of what changed. Keyset-paged: pass `nextCursor` back as `cursor`. Owners and admins.",
    roles: ADMIN_ROLES,
    query: auditFiltersSchema,
    response: {
      status: 200,
      description: "One page of entries.",
      schema: z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() }).meta({ id: "AuditPage" }),
    },
  },
  ({ actor, query }) => listAudit(actor, query),
);

export const exportAuditEndpoint = endpoint(
  {
    method: "get",
    path: "/audit/export",
    tag: "Audit",
    summary: "Export the audit log as CSV",
    description:
      "The whole log for the same filters as `GET /audit` (`cursor` and `limit` are ignored), newest first, streamed. Columns: time, user, user_email, token, action, description, survey_id, survey, case_id, target, changes, before, after. Owners and admins.",
    roles: ADMIN_ROLES,
    query: auditFiltersSchema,
    response: { status: 200, description: "CSV with a header row.", contentType: "text/csv" },
  },
  async ({ actor, query }) =>
    new Response(exportAuditCsv(actor, query), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${auditCsvFileName()}"` },
    }),
);
