// The simulator's fake Vonage Messages API: the real SDK posts here when the provider is
// Simulator (the worker points its apiHost at /api/simulator). 404 with the provider at Vonage.
import { timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { SIMULATOR_API_KEY, simulatorApiSecret } from "@/lib/crypto/secret-box";
import { errorResponse } from "@/lib/http/respond";
import { assertSimulatorEnabled } from "@/lib/simulator/enabled";
import { acceptMediaMessage, isMediaMessage } from "@/lib/simulator/media-message";
import { acceptMessage } from "@/lib/simulator/messages-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = () => NextResponse.json({ title: "Payload Too Large", detail: "The body is too large" }, { status: 413 });

function hasSimulatorCredentials(header: string | null): boolean {
  const expected = Buffer.from(`Basic ${Buffer.from(`${SIMULATOR_API_KEY}:${simulatorApiSecret()}`).toString("base64")}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function POST(request: Request) {
  try {
    await assertSimulatorEnabled();
    // Like Vonage, only the account's own credentials: the worker's Basic auth (a secret
    // derived from AUTH_SECRET), so nobody else can make the simulator send or deliver.
    if (!hasSimulatorCredentials(request.headers.get("authorization"))) {
      return NextResponse.json({ title: "Unauthorized", detail: "Invalid credentials" }, { status: 401 });
    }
    if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooLarge();
    const raw = await request.text();
    if (Buffer.byteLength(raw) > MAX_BODY_BYTES) return tooLarge();
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return NextResponse.json({ title: "Invalid params", detail: "The body is not JSON" }, { status: 422 });
    }
    // SPEC §11: files go their own way (fetched from their URL, like Vonage does).
    const answer = isMediaMessage(payload) ? await acceptMediaMessage(payload) : await acceptMessage(payload);
    return NextResponse.json(answer.body, { status: answer.status });
  } catch (error) {
    return errorResponse(error);
  }
}
