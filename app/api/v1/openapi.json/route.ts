// The OpenAPI 3.1 document of /api/v1 (no token needed: it describes, it does not reveal).
import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";

export const runtime = "nodejs";
export const dynamic = "force-static";

export function GET() {
  return NextResponse.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
