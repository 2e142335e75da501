// Admin > Audit reads the log here (session cookie; owners and admins).
import { NextResponse } from "next/server";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { requireRole } from "@/lib/auth/guards";
import { auditFiltersOf } from "@/lib/audit/filters";
import { listAudit } from "@/lib/audit/queries";
import { errorResponse } from "@/lib/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const actor = await requireRole(ADMIN_ROLES);
    const filters = auditFiltersOf(request);
    return NextResponse.json(await listAudit(actor, filters));
  } catch (error) {
    return errorResponse(error);
  }
}
