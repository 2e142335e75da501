// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { emailStatusEndpoint } from "@/lib/api/endpoints/email-status";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(emailStatusEndpoint);
