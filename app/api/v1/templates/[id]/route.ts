// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { deleteTemplateEndpoint, patchTemplateEndpoint } from "@/lib/api/endpoints/templates";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PATCH = routeOf(patchTemplateEndpoint);
export const DELETE = routeOf(deleteTemplateEndpoint);
