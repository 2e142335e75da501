// Vonage Messages API inbound webhook (SPEC §3). Answers 200 only after the message and all
// its routing effects are committed; any failure answers 5xx so Vonage retries.
import { NextResponse } from "next/server";
import { receiveInboundWebhook } from "@/lib/inbound/receive-inbound";
import { errorResponse } from "@/lib/http/respond";
import { readSignedWebhook } from "@/lib/vonage/signed-webhook-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const webhook = await readSignedWebhook(request);
    const result = await receiveInboundWebhook(webhook);
    return NextResponse.json({ ok: true, outcome: result.outcome });
  } catch (error) {
    return errorResponse(error);
  }
}
