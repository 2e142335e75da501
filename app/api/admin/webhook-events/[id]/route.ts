// The raw body of one webhook event, shown to admins on demand from Users > Conversations.
import { ADMIN_ROLES } from "@/lib/auth/access";
import { requireRole } from "@/lib/auth/guards";
import { AppError } from "@/lib/http/app-error";
import { errorResponse } from "@/lib/http/respond";
import { getEventRawBody } from "@/lib/inbound/event-log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await params;
    const actor = await requireRole(ADMIN_ROLES);
    const raw = /^\d{1,15}$/.test(id) ? await getEventRawBody(actor, Number(id)) : null;
    if (raw === null) throw new AppError("not_found", "Event not found.");
    // Served as plain text with no sniffing, so a payload can never run as a page.
    return new Response(raw, {
      headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff", "content-security-policy": "sandbox" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
