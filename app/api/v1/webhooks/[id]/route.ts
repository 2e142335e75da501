// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { deleteWebhookEndpoint, patchWebhookEndpoint } from "@/lib/api/endpoints/webhooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PATCH = routeOf(patchWebhookEndpoint);
export const DELETE = routeOf(deleteWebhookEndpoint);
