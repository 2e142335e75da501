"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseDetail } from "@/lib/cases/read-queries";
import { channelLabel, formatNumber, showDirectionControls } from "@/lib/display/format";
import { CaseLink } from "./case-links";
import { casePersonQuery } from "./query-options";

/** SPEC §9 "Person": who this is — WhatsApp's profile name, their number — and their other cases. */
export function PersonPanel({ detail }: { detail: Pick<CaseDetail, "id" | "theirNumber" | "channel"> }) {
  const { data, isPending, isError, refetch } = useQuery(casePersonQuery(detail.id));
  const profileName = data?.profileName ?? null;
  return (
    <section aria-labelledby={`person-${detail.id}`} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id={`person-${detail.id}`} className="text-sm font-semibold text-slate-900">
        Person
      </h2>
      <div className="mt-3 flex items-center gap-3">
        <span aria-hidden className="flex size-9 flex-none items-center justify-center rounded-full bg-indigo-100 text-sm font-semibold text-indigo-700">
          {profileName ? (
            initials(profileName)
          ) : (
            <svg viewBox="0 0 20 20" className="size-5 fill-current" aria-hidden>
              <path d="M10 10a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm-6 7.5c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5a.5.5 0 0 1-.5.5h-11a.5.5 0 0 1-.5-.5Z" />
            </svg>
          )}
        </span>
        <div className="min-w-0 text-sm">
          {profileName ? (
            <p className="truncate font-medium text-slate-900" data-testid="profile-name" title="The name the person gave WhatsApp">
              <bdi>{showDirectionControls(profileName)}</bdi>
            </p>
          ) : null}
          <p className={profileName ? "text-slate-600" : "font-medium text-slate-900"}>{formatNumber(detail.theirNumber)}</p>
          {detail.channel ? <p className="text-xs text-slate-500">{channelLabel(detail.channel)}</p> : null}
        </div>
      </div>

      {detail.theirNumber ? (
        <div className="mt-4">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Other cases</h3>
          {isPending ? (
            <ul aria-label="Loading other cases" className="mt-2 space-y-2">
              {[0, 1].map((i) => (
                <li key={i} className="h-8 animate-pulse rounded bg-slate-100" />
              ))}
            </ul>
          ) : isError ? (
            <p className="mt-2 text-sm text-rose-700">
              Could not load them.{" "}
              <button type="button" onClick={() => refetch()} className="font-medium underline focus-visible:outline-2 focus-visible:outline-indigo-600">
                Try again
              </button>
            </p>
          ) : data.otherCases.length === 0 ? (
            <p className="mt-2 text-sm text-slate-500">None in the surveys you can see.</p>
          ) : (
            <ul className="mt-2 space-y-1" aria-label="Other cases of this person">
              {data.otherCases.map((c) => (
                <li key={c.id}>
                  <CaseLink
                    caseId={c.id}
                    surveyId={c.surveyId}
                    className="-mx-2 block rounded-md px-2 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
                  >
                    <span className="flex items-baseline justify-between gap-2">
                      <span className="min-w-0 truncate text-slate-900">
                        <span className="mr-1.5 text-slate-500">{c.reference}</span>
                        <bdi>{showDirectionControls(c.title) || "Untitled"}</bdi>
                      </span>
                      <LocalTime iso={c.lastActivityAt} className="flex-none text-xs text-slate-500" />
                    </span>
                    <span className="mt-0.5 flex flex-wrap items-center gap-x-2 text-xs text-slate-500">
                      <span className="truncate">{c.surveyName}</span>
                      {c.statusLabel ? <Badge tone={c.open ? "indigo" : "slate"}>{c.statusLabel}</Badge> : null}
                    </span>
                  </CaseLink>
                </li>
              ))}
              {data.moreOtherCases ? <li className="px-0 pt-1 text-xs text-slate-500">Older cases are not shown: search by the number to see all.</li> : null}
            </ul>
          )}
        </div>
      ) : null}
    </section>
  );
}

function initials(name: string): string {
  const letters = name
    .trim()
    .split(/\s+/)
    .map((part) => [...part][0] ?? "")
    .filter((c) => /\p{L}/u.test(c));
  return (letters.length > 1 ? letters[0]! + letters[letters.length - 1]! : (letters[0] ?? "?")).toUpperCase();
}
