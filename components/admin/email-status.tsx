import type { EmailStatus as Status } from "@/lib/mail/email-status";

/** Settings > Server (SPEC §13): notification email — set up or not, the sender, the last 24 hours. */
export function EmailStatus({ status }: { status: Status }) {
  const counts = [
    { label: "Sent", value: status.last24h.sent, tone: "text-emerald-700" },
    { label: "Waiting", value: status.last24h.pending, tone: "text-slate-900" },
    { label: "Failed", value: status.last24h.failed, tone: status.last24h.failed > 0 ? "text-rose-700" : "text-slate-900" },
    { label: "Not needed", value: status.last24h.skipped, tone: "text-slate-500" },
  ];
  return (
    <section aria-labelledby="email-status-heading" className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="email-status">
      <h2 id="email-status-heading" className="text-sm font-semibold text-slate-900">
        Notification email
      </h2>
      {status.configured ? (
        <dl className="space-y-1 text-sm">
          <div className="flex flex-wrap gap-x-2">
            <dt className="text-slate-500">Status</dt>
            <dd className="font-medium text-emerald-700">On</dd>
          </div>
          <div className="flex flex-wrap gap-x-2">
            <dt className="text-slate-500">Sender</dt>
            <dd className="break-all text-slate-800">{status.from}</dd>
          </div>
          <div className="flex flex-wrap gap-x-2">
            <dt className="text-slate-500">Server</dt>
            <dd className="break-all font-mono text-xs leading-5 text-slate-800">{status.server}</dd>
          </div>
        </dl>
      ) : (
        <p className="text-sm text-slate-600">
          <span className="font-medium text-slate-900">Off.</span> Set <code className="font-mono text-xs">SMTP_URL</code> and{" "}
          <code className="font-mono text-xs">MAIL_FROM</code> in the environment and restart to send notifications by email.
        </p>
      )}
      <div>
        <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">Last 24 hours</h3>
        <dl className="mt-2 grid grid-cols-4 gap-2 text-center" aria-label="Emails in the last 24 hours">
          {counts.map((c) => (
            // The number above its label, with the label first for screen readers.
            <div key={c.label} className="flex flex-col-reverse rounded-md bg-slate-50 px-1 py-2 ring-1 ring-inset ring-slate-200">
              <dt className="text-xs text-slate-600">{c.label}</dt>
              <dd className={`text-lg font-semibold tabular-nums ${c.tone}`} data-testid={`email-${c.label.toLowerCase().replace(/ /g, "-")}`}>
                {c.value}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}
