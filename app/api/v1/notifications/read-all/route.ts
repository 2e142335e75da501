// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { readAllNotificationsEndpoint } from "@/lib/api/endpoints/notifications";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = routeOf(readAllNotificationsEndpoint);
