// Admin > Audit reads the log here (session cookie; owners and admins).
import { NextResponse } from "next/server";
import { badRequestFrom } from "@/lib/api/zod-errors";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { requireRole } from "@/lib/auth/guards";
import { auditFiltersFrom, auditFiltersSchema } from "@/lib/audit/filters";
import { listAudit } from "@/lib/audit/queries";
import { errorResponse } from "@/lib/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const actor = await requireRole(ADMIN_ROLES);
    const parsed = auditFiltersSchema.safeParse(auditFiltersFrom(new URL(request.url).searchParams));
    if (!parsed.success) throw badRequestFrom(parsed.error, "query");
    const filters = parsed.data;
    return NextResponse.json(await listAudit(actor, filters));
  } catch (error) {
    return errorResponse(error);
  }
}
