// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { createWebhookEndpoint, listWebhooksEndpoint } from "@/lib/api/endpoints/webhooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(listWebhooksEndpoint);
export const POST = routeOf(createWebhookEndpoint);
