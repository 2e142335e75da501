import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { formatNumber } from "@/lib/display/format";
import { numberPrefix, type OptOutListItem } from "@/lib/optout/list-opt-outs";

const SEARCH = "optOutNumber";
const CURSOR = "optOutCursor";

/**
 * Users > Conversations > Opt-outs (SPEC §12): who opted out of which of our numbers, newest
 * first, searched by the start of their number, a page at a time. A plain GET form and links,
 * so it works without JavaScript and every page has its own address.
 */
export function OptOutList({
  items,
  nextCursor,
  search,
  paged,
}: {
  items: OptOutListItem[];
  nextCursor: string | null;
  search: string;
  /** Showing a later page (a cursor is set): offer the way back to the newest. */
  paged: boolean;
}) {
  const withParams = (params: Record<string, string>) => {
    const query = new URLSearchParams({ ...(search ? { [SEARCH]: search } : {}), ...params });
    const text = query.toString();
    return `/admin/users/conversations${text ? `?${text}` : ""}#opt-outs`;
  };
  return (
    <section id="opt-outs" aria-labelledby="opt-outs-title" className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-col gap-3 border-b border-slate-200 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 id="opt-outs-title" className="text-sm font-semibold text-slate-900">
            Opt-outs
          </h2>
          <p className="text-xs text-slate-500">People who texted STOP (or another opt-out word) and have not sent START since. Nothing is sent to them.</p>
        </div>
        <form method="get" action="/admin/users/conversations#opt-outs" role="search" className="flex gap-2">
          <label htmlFor="opt-out-search" className="sr-only">
            Search opt-outs by number
          </label>
          <input
            id="opt-out-search"
            name={SEARCH}
            type="search"
            inputMode="tel"
            defaultValue={search}
            placeholder="Number starts with…"
            className="block w-full min-w-0 rounded-md border-0 px-3 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 sm:w-52"
          />
          <button
            type="submit"
            className="rounded-md bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Search
          </button>
        </form>
      </div>
      {items.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500" data-testid="opt-outs-empty">
          {search ? (
            <>
              No opted-out number starts with {numberPrefix(search) ? `+${numberPrefix(search)}` : `“${search}”`}.{" "}
              <Link href="/admin/users/conversations#opt-outs" className="font-medium text-indigo-700 hover:text-indigo-600">
                Show all
              </Link>
            </>
          ) : paged ? (
            "No older opt-outs."
          ) : (
            "Nobody has opted out: every number may receive your replies."
          )}
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Opted-out numbers, newest first</caption>
          <thead className="hidden bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-500 sm:table-header-group">
            <tr>
              <th scope="col" className="px-4 py-2">
                Number
              </th>
              <th scope="col" className="px-4 py-2">
                Opted out of
              </th>
              <th scope="col" className="px-4 py-2">
                Keyword
              </th>
              <th scope="col" className="px-4 py-2">
                Since
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((o) => (
              <tr key={`${o.ourNumber}:${o.theirNumber}`} data-testid="opt-out-row" className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 sm:table-row sm:p-0">
                <td className="font-medium text-slate-900 sm:px-4 sm:py-2.5">{formatNumber(o.theirNumber)}</td>
                <td className="text-slate-600 sm:px-4 sm:py-2.5">
                  <span className="sm:hidden">of </span>
                  {formatNumber(o.ourNumber)}
                </td>
                <td className="sm:px-4 sm:py-2.5">
                  <Badge tone="rose">{o.keyword}</Badge>
                </td>
                <td className="basis-full text-slate-500 sm:px-4 sm:py-2.5">
                  <span className="sm:hidden">since </span>
                  <LocalTime iso={o.since} variant="full" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor || paged ? (
        <nav aria-label="Opt-out pages" className="flex justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm">
          {paged ? (
            <Link href={withParams({})} className="font-medium text-indigo-700 hover:text-indigo-600">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {nextCursor ? (
            <Link href={withParams({ [CURSOR]: nextCursor })} className="font-medium text-indigo-700 hover:text-indigo-600">
              Older opt-outs →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
