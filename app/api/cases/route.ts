import { NextResponse } from "next/server";
import { z } from "zod";
import { requireUser } from "@/lib/auth/guards";
import { listCases } from "@/lib/cases/read-queries";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({
  surveyId: z.coerce.number().int().positive().optional(),
  state: z.enum(["open", "closed", "all"]).default("all"),
  phone: z.string().max(40).optional(),
  q: z.string().max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function GET(request: Request) {
  try {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const parsed = querySchema.safeParse(params);
    const user = await requireUser();
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError("bad_request", `Invalid ${issue?.path.join(".") || "query"}: ${issue?.message ?? "not valid"}.`);
    }
    return NextResponse.json(await listCases(user, { ...parsed.data }));
  } catch (error) {
    return errorResponse(error);
  }
}
