// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { addNoteEndpoint } from "@/lib/api/endpoints/notes";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = routeOf(addNoteEndpoint);
