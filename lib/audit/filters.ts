// The audit log's filters as the browser and the API send them (query string), parsed once
// here for every route that lists or exports the log. Pure (zod only).
import { z } from "zod";
import { badRequestFrom } from "@/lib/api/zod-errors";

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An instant with its offset ("2025-03-01T00:00:00+01:00", "…Z") or a day ("2025-03-01", taken as UTC). */
const instant = z
  .string()
  .trim()
  .refine((value) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: "use a date (2025-03-01) or a time with its offset (2025-03-01T00:00:00Z)",
  })
  .transform((value) => new Date(value));

export const auditFiltersSchema = z
  .object({
    userId: id.optional().meta({ description: "Only what this user did (directly or through one of their tokens)." }),
    surveyId: id.optional().meta({ description: "Only entries about this survey or its cases." }),
    /** A case reference, with or without its "#". */
    caseId: z
      .string()
      .trim()
      .regex(/^#?\d{1,15}$/, "a case reference such as 123 or #123")
      .transform((value) => Number(value.replace("#", "")))
      .optional()
      .meta({ description: "Only entries about this case (123 or #123)." }),
    /** From this instant on (inclusive). */
    from: instant.optional().meta({ description: "From this instant on (inclusive); a bare date is midnight UTC." }),
    /** Before this instant (exclusive): the browser sends the start of the day after the chosen one. */
    to: instant.optional().meta({ description: "Before this instant (exclusive)." }),
    cursor: z.string().max(500).optional().meta({ description: "The previous page's `nextCursor`." }),
    limit: z.coerce.number().int().min(1).max(200).optional().meta({ description: "Entries per page (50 when left out)." }),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: "must be after from", path: ["to"] });

export type AuditFilters = z.output<typeof auditFiltersSchema>;

/** Empty query-string values count as absent (a form's empty select sends ""). */
export function auditFiltersFrom(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...params].filter(([, value]) => value.trim() !== ""));
}

/** The filters of a request to the admin routes, or the API's 400 naming the parameter. */
export function auditFiltersOf(request: Request): AuditFilters {
  const parsed = auditFiltersSchema.safeParse(auditFiltersFrom(new URL(request.url).searchParams));
  if (!parsed.success) throw badRequestFrom(parsed.error, "query");
  return parsed.data;
}
