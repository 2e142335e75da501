// The console's upload (SPEC §11): the composer streams a file here with its session cookie,
// through the same lib function as POST /api/v1/uploads. Only the browser's own pages may:
// the name must come in the X-File-Name header, which a page of another site cannot send
// without the browser asking first (and this route never answers that question).
import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/guards";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";
import { uploadMedia } from "@/lib/media/upload";
import { FILE_NAME_HEADER, uploadInputFrom } from "@/lib/media/upload-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const site = request.headers.get("sec-fetch-site");
    if ((site && site !== "same-origin") || !request.headers.get(FILE_NAME_HEADER)) {
      throw new AppError("forbidden", "Upload from Caseline's own pages, with the X-File-Name header.");
    }
    const input = uploadInputFrom(request);
    const user = await requireUser();
    return NextResponse.json(await uploadMedia(user, input), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
