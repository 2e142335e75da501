// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { retryMediaEndpoint } from "@/lib/api/endpoints/media";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = routeOf(retryMediaEndpoint);
