// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { createCannedReplyEndpoint, listCannedRepliesEndpoint } from "@/lib/api/endpoints/canned-replies";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(listCannedRepliesEndpoint);
export const POST = routeOf(createCannedReplyEndpoint);
