// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { patchNumberLinkEndpoint } from "@/lib/api/endpoints/number-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PATCH = routeOf(patchNumberLinkEndpoint);
