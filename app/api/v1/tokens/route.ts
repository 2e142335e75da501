// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { listTokensEndpoint, createTokenEndpoint } from "@/lib/api/endpoints/tokens";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(listTokensEndpoint);
export const POST = routeOf(createTokenEndpoint);
