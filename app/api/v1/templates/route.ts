// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { createTemplateEndpoint, listTemplatesEndpoint } from "@/lib/api/endpoints/templates";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(listTemplatesEndpoint);
export const POST = routeOf(createTemplateEndpoint);
