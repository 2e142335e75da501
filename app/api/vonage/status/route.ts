// Vonage Messages API status webhook (SPEC §4): statuses move forward only; unknown message
// ids are logged and acknowledged.
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/http/respond";
import { receiveStatusWebhook } from "@/lib/inbound/receive-status";
import { readSignedWebhook } from "@/lib/vonage/signed-webhook-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    const webhook = await readSignedWebhook(request);
    const result = await receiveStatusWebhook(webhook);
    return NextResponse.json({ ok: true, outcome: result.outcome });
  } catch (error) {
    return errorResponse(error);
  }
}
