// The Phone simulator page's data: GET the phones (and one phone's messages with ?phone=),
// POST a text (or a sample file) from a virtual phone. Owner and admin only; 404 with the provider at Vonage.
import { NextResponse } from "next/server";
import { z } from "zod";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { requireRole } from "@/lib/auth/guards";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";
import { assertSimulatorEnabled } from "@/lib/simulator/enabled";
import { listPhones, phoneMessages, sendFromPhone, simulatorNumbers } from "@/lib/simulator/phones";
import { SAMPLE_FILE_NAMES } from "@/lib/simulator/sample-files";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  try {
    await assertSimulatorEnabled(); // 404 first, whoever asks, with the provider at Vonage
    const user = await requireRole(ADMIN_ROLES);
    const phone = new URL(request.url).searchParams.get("phone");
    const [numbers, phones, messages] = await Promise.all([
      simulatorNumbers(user),
      listPhones(user),
      phone && /^\d{7,15}$/.test(phone) ? phoneMessages(user, phone) : Promise.resolve([]),
    ]);
    return NextResponse.json({ numbers, phones, messages });
  } catch (error) {
    return errorResponse(error);
  }
}

const sendSchema = z.object({
  ourNumber: z.string().min(1).max(20),
  theirNumber: z.string().min(1).max(40),
  text: z.string().max(10_000),
  /** A sample file to send (an image or a file message). */
  attachment: z.enum(SAMPLE_FILE_NAMES).optional(),
});

export async function POST(request: Request) {
  try {
    await assertSimulatorEnabled();
    const user = await requireRole(ADMIN_ROLES);
    // JSON only: a cross-site form cannot post it without the browser asking first.
    if (!request.headers.get("content-type")?.startsWith("application/json")) throw new AppError("bad_request", "Send JSON.");
    const parsed = sendSchema.safeParse(await request.json().catch(() => null));
    if (!parsed.success) throw new AppError("bad_request", "Pick a number, a phone number and type a message.");
    return NextResponse.json(await sendFromPhone(user, parsed.data));
  } catch (error) {
    return errorResponse(error);
  }
}
