// The Reports page reads its report here (session cookie), through the same schema and lib
// function as GET /api/v1/reports.
import { NextResponse } from "next/server";
import { reportQuery } from "@/lib/api/schemas/reports";
import { badRequestFrom } from "@/lib/api/zod-errors";
import { requireUser } from "@/lib/auth/guards";
import { errorResponse } from "@/lib/http/respond";
import { resolveRange } from "@/lib/reports/range";
import { surveyReport } from "@/lib/reports/survey-report";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    const user = await requireUser();
    const parsed = reportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) throw badRequestFrom(parsed.error, "query");
    return NextResponse.json(await surveyReport(user, parsed.data.surveyId, resolveRange(parsed.data)));
  } catch (error) {
    return errorResponse(error);
  }
}
