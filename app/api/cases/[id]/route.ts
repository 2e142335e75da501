import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/guards";
import { getCaseDetail } from "@/lib/cases/read-queries";
import { markCaseRead } from "@/lib/cases/case-reads";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";
import { caseIdFrom } from "@/lib/cases/references";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const user = await requireUser();
    const caseId = caseIdFrom(id);
    if (caseId === null) throw new AppError("not_found", "Case not found.");
    const detail = await getCaseDetail(user, caseId);
    await markCaseRead(user, caseId);
    return NextResponse.json(detail);
  } catch (error) {
    return errorResponse(error);
  }
}
