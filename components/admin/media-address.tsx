import type { MediaAddressView } from "@/lib/media/public-address";

/** Settings > Server (SPEC §11): where Vonage will fetch the files staff send, and what is missing. */
export function MediaAddress({ view }: { view: MediaAddressView }) {
  return (
    <section aria-labelledby="media-address-heading" className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="media-address-heading" className="text-sm font-semibold text-slate-900">
        Files sent from Caseline
      </h2>
      <p className="text-sm text-slate-600">
        {view.provider === "vonage"
          ? "Vonage fetches each file staff send from this server, at an address that expires after 24 hours. It is given:"
          : "The Phone simulator fetches each file staff send from this server itself, at:"}
      </p>
      {view.example ? (
        <code className="block truncate rounded-md bg-slate-50 px-3 py-2 font-mono text-sm text-slate-800 ring-1 ring-inset ring-slate-200" title={view.example} data-testid="media-address">
          {view.example}
        </code>
      ) : null}
      {view.source === "PUBLIC_URL" ? <p className="text-xs text-slate-500">From PUBLIC_URL (set by the environment).</p> : null}
      {view.provider === "simulator" ? (
        <p className="text-xs text-slate-500">With Vonage, files are fetched from PUBLIC_URL: set it to this server&apos;s public https address before you switch.</p>
      ) : null}
      {view.warning ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          {view.warning}
        </p>
      ) : null}
    </section>
  );
}
