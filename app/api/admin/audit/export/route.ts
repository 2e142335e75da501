// Admin > Audit's CSV download of the current filter (session cookie; owners and admins).
import { ADMIN_ROLES } from "@/lib/auth/access";
import { requireRole } from "@/lib/auth/guards";
import { auditFiltersOf } from "@/lib/audit/filters";
import { auditCsvFileName, exportAuditCsv } from "@/lib/audit/queries";
import { errorResponse } from "@/lib/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const actor = await requireRole(ADMIN_ROLES);
    const filters = auditFiltersOf(request);
    return new Response(exportAuditCsv(actor, filters), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${auditCsvFileName()}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
