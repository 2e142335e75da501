import { NextResponse } from "next/server";
import { caseListFilters, caseListQuery } from "@/lib/api/endpoints/cases";
import { badRequestFrom } from "@/lib/api/zod-errors";
import { requireUser } from "@/lib/auth/guards";
import { listCases } from "@/lib/cases/read-queries";
import { errorResponse } from "@/lib/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = caseListQuery.safeParse(params);
    const user = await requireUser();
    if (!parsed.success) throw badRequestFrom(parsed.error, "query");
    return NextResponse.json(await listCases(user, caseListFilters(parsed.data)));
  } catch (error) {
    return errorResponse(error);
  }
}
