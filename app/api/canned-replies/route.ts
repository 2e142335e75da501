import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/guards";
import { listCannedReplies } from "@/lib/canned/canned-replies";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The console composer's `/` list: one survey's canned replies (SPEC §9). */
export async function GET(request: Request) {
  try {
    const user = await requireUser();
    const value = new URL(request.url).searchParams.get("surveyId") ?? "";
    const surveyId = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(surveyId)) throw new AppError("bad_request", "Say which survey: surveyId.");
    return NextResponse.json({ items: await listCannedReplies(user, { surveyId }) });
  } catch (error) {
    return errorResponse(error);
  }
}
