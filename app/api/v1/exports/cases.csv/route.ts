// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { exportCasesEndpoint } from "@/lib/api/endpoints/exports";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(exportCasesEndpoint);
