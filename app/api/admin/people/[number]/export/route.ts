// Admin > People's "Export JSON": everything Caseline holds of one number, as a download
// (session cookie; owners and admins). The same selection as the erasure.
import { NextResponse } from "next/server";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { requireRole } from "@/lib/auth/guards";
import { errorResponse } from "@/lib/http/respond";
import { exportPerson, personExportFileName } from "@/lib/privacy/person-data";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ number: string }> }) {
  try {
    const actor = await requireRole(ADMIN_ROLES);
    const { number } = await params;
    const document = await exportPerson(actor, decodeURIComponent(number));
    return NextResponse.json(document, {
      headers: { "content-disposition": `attachment; filename="${personExportFileName(document.number)}"`, "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
