import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { CopyField } from "@/components/admin/copy-field";
import { EmailStatus } from "@/components/admin/email-status";
import { MediaAddress } from "@/components/admin/media-address";
import { ServerSettingsForm } from "@/components/admin/server-settings-form";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { getEmailStatus } from "@/lib/mail/email-status";
import { mediaAddressView } from "@/lib/media/public-address";
import { getServerSettingsView } from "@/lib/settings/server-settings";
import { setupChecklist } from "@/lib/settings/setup-checklist";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  // Settings > Server holds the Vonage credentials: the server owner's alone (SPEC §2).
  // Staff are refused like everywhere in Admin; an admin is told it does not exist (404).
  const user = await guardPage(() => requireRole(ADMIN_ROLES), "/admin/settings");
  if (user.role !== "owner") notFound();
  const view = await getServerSettingsView(user);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
  const [checklist, emailStatus] = await Promise.all([setupChecklist(user, view), getEmailStatus(user)]);
  return (
    <>
      <PageHeader title="Settings" description="Connect this server to Vonage." />
      <nav aria-label="Settings" className="mb-4 flex gap-1 border-b border-slate-200">
        <span aria-current="page" className="-mb-px border-b-2 border-indigo-600 px-3 py-2 text-sm font-medium text-indigo-700">
          Server
        </span>
      </nav>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <section aria-label="Server" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 lg:col-span-2">
          <ServerSettingsForm view={view} />
        </section>
        <aside className="space-y-6">
          <section className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 className="text-sm font-semibold text-slate-900">Webhook URLs for Vonage</h2>
            <p className="text-sm text-slate-600">In your Vonage application, turn on Messages and enter these, with signed webhooks on.</p>
            <CopyField label="Inbound URL" value={`${origin}/api/vonage/inbound`} />
            <CopyField label="Status URL" value={`${origin}/api/vonage/status`} />
          </section>
          <MediaAddress view={mediaAddressView(view.provider.value)} />
          <EmailStatus status={emailStatus} />
          <section className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h2 className="text-sm font-semibold text-slate-900">Still to do</h2>
            <ul className="mt-3 space-y-2 text-sm" aria-label="Setup checklist">
              {checklist.map((item) => (
                <li key={item.label} className="flex gap-2">
                  <span aria-hidden className={item.done ? "text-emerald-600" : "text-slate-400"}>
                    {item.done ? "✓" : "○"}
                  </span>
                  <span className={item.done ? "text-slate-500 line-through" : "text-slate-800"}>
                    {item.label}
                    <span className="sr-only">{item.done ? " (done)" : " (to do)"}</span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </>
  );
}
