import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/guards";
import { getCasePerson } from "@/lib/cases/person";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";
import { caseIdFrom } from "@/lib/cases/references";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The console's details pane: the person's profile name and other cases (SPEC §9). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const user = await requireUser();
    const caseId = caseIdFrom(id);
    if (caseId === null) throw new AppError("not_found", "Case not found.");
    return NextResponse.json(await getCasePerson(user, caseId));
  } catch (error) {
    return errorResponse(error);
  }
}
