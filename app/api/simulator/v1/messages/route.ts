// The simulator's fake Vonage Messages API: the real SDK posts here when the provider is
// Simulator (the worker points its apiHost at /api/simulator). 404 with the provider at Vonage.
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/http/respond";
import { assertSimulatorEnabled } from "@/lib/simulator/enabled";
import { acceptMessage } from "@/lib/simulator/messages-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

export async function POST(request: Request) {
  try {
    await assertSimulatorEnabled();
    // The SDK signs every call with a JWT; like Vonage, refuse calls without one.
    if (!/^Bearer \S+$/.test(request.headers.get("authorization") ?? "")) {
      return NextResponse.json({ title: "Unauthorized", detail: "No bearer token" }, { status: 401 });
    }
    const raw = await request.text();
    if (raw.length > MAX_BODY_BYTES) return NextResponse.json({ title: "Payload Too Large", detail: "The body is too large" }, { status: 413 });
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return NextResponse.json({ title: "Invalid params", detail: "The body is not JSON" }, { status: 422 });
    }
    const answer = await acceptMessage(payload);
    return NextResponse.json(answer.body, { status: answer.status });
  } catch (error) {
    return errorResponse(error);
  }
}
