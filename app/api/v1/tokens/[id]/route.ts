// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { revokeTokenEndpoint } from "@/lib/api/endpoints/tokens";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const DELETE = routeOf(revokeTokenEndpoint);
