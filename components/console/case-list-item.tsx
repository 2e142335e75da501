"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { AssigneeChip } from "./assign-control";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseListItem } from "@/lib/cases/read-queries";
import type { SearchMatch } from "@/lib/cases/search-snippet";
import { channelLabel, formatNumber, showDirectionControls } from "@/lib/display/format";
import { isPlainClick } from "./case-links";

export function CaseListRow({
  item,
  statusLabel,
  href,
  selected = false,
  onOpen,
  surveyName,
}: {
  item: CaseListItem;
  statusLabel: string | null;
  href: string;
  /** The case open beside the list (the split view). */
  selected?: boolean;
  /** Opens the case in place; false: follow the link. */
  onOpen?: (caseId: number) => boolean;
  /** A search hit from a survey other than the one chosen: named on the row. */
  surveyName?: string;
}) {
  return (
    <li>
      <Link
        href={href}
        data-case-row={item.id}
        aria-current={selected ? "true" : undefined}
        onClick={(event) => {
          if (onOpen && isPlainClick(event) && onOpen(item.id)) event.preventDefault();
        }}
        className={`relative flex items-start gap-3 px-4 py-3 outline-none focus-visible:z-10 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-600 ${
          selected ? "bg-indigo-50 before:absolute before:inset-y-0 before:left-0 before:w-1 before:bg-indigo-600" : "hover:bg-slate-50"
        }`}
      >
        <span className="mt-1.5 flex h-2 w-2 flex-none" aria-hidden>
          {item.unread ? <span className="h-2 w-2 rounded-full bg-indigo-600" /> : null}
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline justify-between gap-3">
            <span className={`truncate text-sm ${item.unread ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}>
              <span className="mr-2 text-slate-500">{item.reference}</span>
              <bdi>{showDirectionControls(item.title) || "Untitled"}</bdi>
              {item.unread ? <span className="sr-only"> (unread)</span> : null}
            </span>
            <LocalTime iso={item.lastActivityAt} className="flex-none text-xs text-slate-500" />
          </span>
          <span className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
            <span>{formatNumber(item.theirNumber)}</span>
            <Badge tone={item.channel === "whatsapp" ? "green" : "slate"}>{channelLabel(item.channel)}</Badge>
            {statusLabel ? <Badge tone={item.open ? "indigo" : "slate"}>{statusLabel}</Badge> : null}
            {item.overdue ? <Badge tone="rose">Overdue</Badge> : null}
            <span>
              {item.messageCount} message{item.messageCount === 1 ? "" : "s"}
            </span>
            {item.assignee ? <AssigneeChip assignee={item.assignee} /> : null}
            {surveyName ? <span className="text-slate-500">in {surveyName}</span> : null}
          </span>
          {item.match ? <SearchSnippet match={item.match} /> : null}
        </span>
      </Link>
    </li>
  );
}

/** The words a search found in the case's message (or note), marked; plain text parts only. */
function SearchSnippet({ match }: { match: SearchMatch }) {
  return (
    <span className="mt-1.5 line-clamp-2 break-words text-xs text-slate-600" data-testid="search-snippet">
      <span className="mr-1 font-medium text-slate-500">{match.source === "note" ? "Note:" : "Message:"}</span>
      <bdi>
        {match.snippet.map((part, i) =>
          part.hit ? (
            <mark key={i} className="rounded-sm bg-amber-100 px-0.5 font-medium text-slate-900">
              {showDirectionControls(part.text)}
            </mark>
          ) : (
            <span key={i}>{showDirectionControls(part.text)}</span>
          ),
        )}
      </bdi>
    </span>
  );
}
