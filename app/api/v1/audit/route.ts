// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { listAuditEndpoint } from "@/lib/api/endpoints/audit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(listAuditEndpoint);
