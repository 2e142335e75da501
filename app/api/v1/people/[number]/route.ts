// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { erasePersonEndpoint, getPersonEndpoint } from "@/lib/api/endpoints/people";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(getPersonEndpoint);
export const DELETE = routeOf(erasePersonEndpoint);
