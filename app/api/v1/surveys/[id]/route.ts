// The handlers are the endpoints of lib/api/endpoints (definitions, schemas, OpenAPI).
import { routeOf } from "@/lib/api/endpoint";
import { getSurveyEndpoint, patchSurveyEndpoint } from "@/lib/api/endpoints/surveys";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = routeOf(getSurveyEndpoint);
export const PATCH = routeOf(patchSurveyEndpoint);
