// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { listOptOutsEndpoint } from "@/lib/api/endpoints/opt-outs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(listOptOutsEndpoint);
