import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { AssigneeChip } from "./assign-control";
import { LocalTime } from "@/components/ui/local-time";
import type { CaseListItem } from "@/lib/cases/read-queries";
import { channelLabel, formatNumber, showDirectionControls } from "@/lib/display/format";

export function CaseListRow({ item, statusLabel }: { item: CaseListItem; statusLabel: string | null }) {
  return (
    <li>
      <Link
        href={`/console/cases/${item.id}`}
        className="flex items-start gap-3 px-4 py-3 hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none"
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
            <span>
              {item.messageCount} message{item.messageCount === 1 ? "" : "s"}
            </span>
            {item.assignee ? <AssigneeChip assignee={item.assignee} /> : null}
          </span>
        </span>
      </Link>
    </li>
  );
}
