// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { meEndpoint, patchMeEndpoint } from "@/lib/api/endpoints/me";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(meEndpoint);
export const PATCH = routeOf(patchMeEndpoint);
