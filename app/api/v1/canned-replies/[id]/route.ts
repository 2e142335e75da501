// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { deleteCannedReplyEndpoint, patchCannedReplyEndpoint } from "@/lib/api/endpoints/canned-replies";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const PATCH = routeOf(patchCannedReplyEndpoint);
export const DELETE = routeOf(deleteCannedReplyEndpoint);
