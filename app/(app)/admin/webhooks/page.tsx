import type { Metadata } from "next";
import Link from "next/link";
import { CreateWebhookForm, DeleteWebhookButton, WebhookActiveForm } from "@/components/admin/webhook-forms";
import { VerifyingDeliveries } from "@/components/admin/webhook-help";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";
import { listWebhooks } from "@/lib/webhooks/subscriptions";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const actor = await guardPage(() => requireRole(ADMIN_ROLES), "/admin/webhooks");
  const endpoints = await listWebhooks(actor);
  const events = WEBHOOK_EVENT_TYPES.map((type) => ({ type, description: WEBHOOK_EVENT_DESCRIPTIONS[type] }));
  return (
    <>
      <PageHeader title="Webhooks" description="Caseline posts its events (new cases, messages, replies and their status) to your own systems, such as a CRM." />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <section aria-label="Endpoints" className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
            <h2 className="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-900">Endpoints</h2>
            {endpoints.length === 0 ? (
              <div className="p-4">
                <EmptyState title="No endpoints yet">Add the URL of a system that should hear about new cases and messages.</EmptyState>
              </div>
            ) : (
              <ul className="divide-y divide-slate-100">
                {endpoints.map((endpoint) => (
                  <li key={endpoint.id} className="space-y-2 px-4 py-4" data-testid="webhook-row">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="min-w-0 break-all font-mono text-sm text-slate-900">{endpoint.url}</span>
                      {endpoint.active ? <Badge tone="green">Active</Badge> : <Badge tone="rose">Off</Badge>}
                      {endpoint.active && endpoint.failingSince ? <Badge tone="amber">Failing</Badge> : null}
                    </div>
                    {endpoint.description ? <p className="text-sm text-slate-600">{endpoint.description}</p> : null}
                    <ul aria-label="Events" className="flex flex-wrap gap-1">
                      {endpoint.events.map((event) => (
                        <li key={event}>
                          <Badge>{event}</Badge>
                        </li>
                      ))}
                    </ul>
                    {!endpoint.active && endpoint.disabledReason ? (
                      <p className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 ring-1 ring-inset ring-rose-200">{endpoint.disabledReason}</p>
                    ) : null}
                    {endpoint.active && endpoint.failingSince ? (
                      <p className="text-sm text-amber-800">
                        Deliveries have failed since <LocalTime iso={endpoint.failingSince} variant="full" />; it is turned off after 24 hours of failures.
                      </p>
                    ) : null}
                    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 pt-1">
                      <Link href={`/admin/webhooks/${endpoint.id}`} className="text-sm font-medium text-indigo-700 hover:text-indigo-600">
                        Deliveries
                      </Link>
                      <WebhookActiveForm id={endpoint.id} active={endpoint.active} />
                      <DeleteWebhookButton id={endpoint.id} url={endpoint.url} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <section aria-label="New endpoint" className="h-fit rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="mb-3 text-sm font-semibold text-slate-900">New endpoint</h2>
          <CreateWebhookForm events={events} />
        </section>
      </div>
      <div className="mt-6">
        <VerifyingDeliveries />
      </div>
    </>
  );
}
