// Any other /api/v1 address: a JSON 404 in the API's error shape, not the app's HTML page.
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function notFound() {
  return errorResponse(new AppError("not_found", "There is no such API endpoint: see /api/v1/openapi.json."));
}

export { notFound as GET, notFound as POST, notFound as PATCH, notFound as PUT, notFound as DELETE };
