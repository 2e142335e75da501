// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { getMediaEndpoint } from "@/lib/api/endpoints/media";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(getMediaEndpoint);
