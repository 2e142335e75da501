import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/guards";
import { caseIdFrom } from "@/lib/cases/references";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";
import { listTemplates } from "@/lib/templates/templates";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The composer's Template mode: the WhatsApp templates this case's number may send (SPEC §10). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const user = await requireUser();
    const caseId = caseIdFrom(id);
    if (caseId === null) throw new AppError("not_found", "Case not found.");
    return NextResponse.json({ items: await listTemplates(user, { caseId }) });
  } catch (error) {
    return errorResponse(error);
  }
}
