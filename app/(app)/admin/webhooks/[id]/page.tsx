import type { Metadata } from "next";
import Link from "next/link";
import { ResendDeliveryButton } from "@/components/admin/webhook-forms";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { idField } from "@/lib/http/form-schemas";
import { getWebhook, listDeliveries } from "@/lib/webhooks/subscriptions";

export const metadata: Metadata = { title: "Webhook deliveries" };

const STATE = {
  delivered: { label: "Delivered", tone: "green" },
  pending: { label: "Retrying", tone: "amber" },
  failed: { label: "Failed", tone: "rose" },
} as const;

export default async function WebhookDeliveriesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string }> }) {
  const { id: rawId } = await params;
  const { before: rawBefore } = await searchParams;
  const id = idField.safeParse(rawId);
  const before = idField.safeParse(rawBefore);
  const actor = await guardPage(async () => {
    const user = await requireRole(ADMIN_ROLES);
    // A malformed id reads as a missing endpoint.
    await getWebhook(user, id.success ? id.data : 0);
    return user;
  }, `/admin/webhooks/${rawId}`);
  const webhookId = id.data!;
  const [endpoint, page] = await Promise.all([getWebhook(actor, webhookId), listDeliveries(actor, webhookId, { before: before.success ? before.data : undefined })]);
  return (
    <>
      <PageHeader
        title="Deliveries"
        description={<span className="break-all font-mono">{endpoint.url}</span>}
        actions={
          <Link href="/admin/webhooks" className="text-sm font-medium text-indigo-700 hover:text-indigo-600">
            ← All endpoints
          </Link>
        }
      />
      {!endpoint.active ? (
        <p className="mb-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-inset ring-rose-200">
          This endpoint is off{endpoint.disabledReason ? `: ${endpoint.disabledReason}` : "."} Turn it on to send deliveries again.
        </p>
      ) : null}
      <section aria-label="Deliveries" className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        {page.deliveries.length === 0 ? (
          <div className="p-4">
            <EmptyState title={before.success ? "No older deliveries" : "No deliveries yet"}>Each event this endpoint subscribes to appears here, newest first.</EmptyState>
          </div>
        ) : (
          <>
            <div className="hidden grid-cols-[minmax(0,2fr)_8rem_5rem_minmax(0,2fr)_9rem_7rem] gap-3 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 md:grid">
              <span>Event</span>
              <span>State</span>
              <span>Attempts</span>
              <span>Last response</span>
              <span>Last attempt</span>
              <span className="sr-only">Actions</span>
            </div>
            <ul className="divide-y divide-slate-100 text-sm">
              {page.deliveries.map((d) => (
                <li
                  key={d.id}
                  data-testid="delivery-row"
                  className="grid grid-cols-2 gap-x-3 gap-y-1 px-4 py-3 md:grid-cols-[minmax(0,2fr)_8rem_5rem_minmax(0,2fr)_9rem_7rem] md:items-center"
                >
                  <span className="col-span-2 min-w-0 md:col-span-1">
                    <span className="font-medium text-slate-900">{d.eventType}</span>
                    <span className="block truncate font-mono text-xs text-slate-500" title={d.eventId}>
                      {d.eventId}
                    </span>
                  </span>
                  <span>
                    {d.state === "pending" && d.attempts === 0 ? <Badge tone="slate">Queued</Badge> : <Badge tone={STATE[d.state].tone}>{STATE[d.state].label}</Badge>}
                    {d.state === "pending" && d.nextAttemptAt ? (
                      <span className="block text-xs text-slate-500">
                        next <LocalTime iso={d.nextAttemptAt} />
                      </span>
                    ) : null}
                  </span>
                  <span className="text-slate-700">
                    {d.attempts}
                    <span className="md:sr-only"> attempt{d.attempts === 1 ? "" : "s"}</span>
                  </span>
                  <span className="col-span-2 min-w-0 break-words text-slate-700 md:col-span-1">
                    {d.lastStatusCode !== null && (d.lastError === null || !d.lastError.startsWith("HTTP")) ? `HTTP ${d.lastStatusCode}` : null}
                    {d.lastError ? <span className={d.lastStatusCode !== null && !d.lastError.startsWith("HTTP") ? "block text-xs text-slate-500" : ""}>{d.lastError}</span> : null}
                    {d.lastStatusCode === null && !d.lastError ? <span className="text-slate-400">—</span> : null}
                  </span>
                  <span className="text-slate-500">{d.lastAttemptAt ? <LocalTime iso={d.lastAttemptAt} variant="full" /> : "not yet"}</span>
                  <span className="md:text-right">{endpoint.active ? <ResendDeliveryButton webhookId={webhookId} deliveryId={d.id} /> : null}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {page.nextCursor ? (
        <div className="mt-4 flex justify-end">
          <Link href={`/admin/webhooks/${webhookId}?before=${page.nextCursor}`} className="text-sm font-medium text-indigo-700 hover:text-indigo-600">
            Older deliveries →
          </Link>
        </div>
      ) : null}
    </>
  );
}
