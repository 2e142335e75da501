// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { getCaseEndpoint, patchCaseEndpoint } from "@/lib/api/endpoints/cases";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(getCaseEndpoint);
export const PATCH = routeOf(patchCaseEndpoint);
