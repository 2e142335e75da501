"use client";

// The bell's panel (SPEC §13): the user's notifications newest first, each a link to its case,
// with mark read, mark all read, more on request, and the switch for the browser's own
// notifications. Escape closes it and gives focus back to the bell.
import { useQueryClient, type InfiniteData, type UseInfiniteQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, useSyncExternalStore, useTransition } from "react";
import { markAllNotificationsReadAction, markNotificationReadAction } from "@/app/(app)/notification-actions";
import { LocalTime } from "@/components/ui/local-time";
import { formatNumber, showDirectionControls } from "@/lib/display/format";
import { notificationHeadline } from "@/lib/notifications/describe";
import type { NotificationEntry, NotificationPage } from "@/lib/notifications/list";
import { askBrowserPermission, browserPermission, type BrowserPermission } from "./desktop-notifications";
import { notificationKeys } from "./notification-query";

type Query = UseInfiniteQueryResult<InfiniteData<NotificationPage>>;

export function NotificationPanel({ id, query, onClose }: { id: string; query: Query; onClose: (how: { focusBell: boolean }) => void }) {
  const queryClient = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);

  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = query.data?.pages[0]?.unreadCount ?? 0;

  const run = (act: () => Promise<{ ok: boolean; error?: string }>) =>
    startTransition(async () => {
      setError(null);
      try {
        const result = await act();
        if (!result.ok) setError(result.error ?? "That did not work. Try again.");
      } catch {
        setError("The server could not be reached. Try again.");
      }
      await queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    });

  return (
    <div
      id={id}
      role="dialog"
      aria-labelledby={`${id}-title`}
      data-testid="notification-panel"
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          onClose({ focusBell: true });
        }
      }}
      className="fixed inset-x-2 top-16 z-40 flex max-h-[calc(100dvh-5rem)] flex-col overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-slate-200 sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:mt-2 sm:max-h-[32rem] sm:w-96"
    >
      <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1} className="text-sm font-semibold text-slate-900 outline-none">
          Notifications{unread ? <span className="ml-1.5 font-normal text-slate-500">({unread} unread)</span> : null}
        </h2>
        <button
          type="button"
          disabled={pending || unread === 0}
          onClick={() => run(() => markAllNotificationsReadAction(null, {}))}
          className="rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:text-slate-400 disabled:hover:bg-transparent"
        >
          Mark all read
        </button>
      </div>
      {error ? (
        <p role="alert" className="border-b border-rose-100 bg-rose-50 px-4 py-2 text-sm text-rose-700">
          {error}
        </p>
      ) : null}
      <div className="min-h-0 flex-1 overflow-y-auto">
        {query.isPending ? (
          <p role="status" className="px-4 py-8 text-center text-sm text-slate-500">
            Loading notifications…
          </p>
        ) : query.isError && items.length === 0 ? (
          <div role="alert" className="px-4 py-8 text-center text-sm text-rose-700">
            <p>Notifications could not be loaded: {query.error.message}</p>
            <button type="button" onClick={() => void query.refetch()} className="mt-2 font-medium text-indigo-700 underline">
              Try again
            </button>
          </div>
        ) : items.length === 0 ? (
          <div className="px-4 py-8 text-center">
            <p className="text-sm font-medium text-slate-900">No notifications yet</p>
            <p className="mx-auto mt-1 max-w-xs text-sm text-slate-600">
              You will see here when a case is assigned to you, someone mentions you, a message arrives in your case or a service level is missed.
            </p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100">
            {items.map((n) => (
              <NotificationRow
                key={n.id}
                notification={n}
                pending={pending}
                onOpen={() => {
                  if (n.readAt === null) run(() => markNotificationReadAction(null, { id: n.id }));
                  onClose({ focusBell: false });
                }}
                onRead={() => run(() => markNotificationReadAction(null, { id: n.id }))}
              />
            ))}
          </ul>
        )}
        {query.hasNextPage ? (
          <div className="border-t border-slate-100 px-4 py-2 text-center">
            <button
              type="button"
              disabled={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
              className="rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50 disabled:text-slate-400"
            >
              {query.isFetchingNextPage ? "Loading…" : "Show older"}
            </button>
          </div>
        ) : null}
      </div>
      <BrowserNotificationsControl />
    </div>
  );
}

function NotificationRow({ notification: n, pending, onOpen, onRead }: { notification: NotificationEntry; pending: boolean; onOpen: () => void; onRead: () => void }) {
  const unread = n.readAt === null;
  const headline = notificationHeadline(n);
  return (
    <li className={`relative flex items-start gap-3 px-4 py-3 hover:bg-slate-50 ${unread ? "bg-indigo-50/40" : ""}`} data-notification={n.id}>
      <span className="mt-1.5 flex h-2 w-2 flex-none" aria-hidden>
        {unread ? <span className="h-2 w-2 rounded-full bg-indigo-600" /> : null}
      </span>
      <div className="min-w-0 flex-1">
        <Link
          href={`/console/cases/${n.case.id}`}
          onClick={onOpen}
          className={`block text-sm outline-none after:absolute after:inset-0 focus-visible:after:ring-2 focus-visible:after:ring-inset focus-visible:after:ring-indigo-600 ${
            unread ? "font-semibold text-slate-900" : "font-medium text-slate-700"
          }`}
        >
          {headline}
          {unread ? <span className="sr-only"> (unread)</span> : null}
        </Link>
        <p className="mt-0.5 truncate text-xs text-slate-600">
          <bdi>{showDirectionControls(n.case.title) || "Untitled"}</bdi>
        </p>
        <p className="mt-0.5 text-xs text-slate-500">
          {formatNumber(n.case.theirNumber)} · <LocalTime iso={n.createdAt} />
        </p>
      </div>
      {unread ? (
        <button
          type="button"
          disabled={pending}
          onClick={onRead}
          aria-label={`Mark read: ${headline}`}
          title="Mark read"
          className="relative z-10 flex-none rounded-md p-1.5 text-slate-500 hover:bg-white hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:opacity-50"
        >
          <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
            <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.3a1 1 0 0 1 1.4 0Z" clipRule="evenodd" />
          </svg>
        </button>
      ) : null}
    </li>
  );
}

const noSubscription = () => () => {};

/** The browser's own notifications: on, off (blocked in the browser), or a button to ask. */
function BrowserNotificationsControl() {
  const initial = useSyncExternalStore<BrowserPermission>(noSubscription, browserPermission, () => "unsupported");
  const [answer, setAnswer] = useState<BrowserPermission | null>(null);
  const permission = answer ?? initial;
  if (permission === "unsupported") return null;
  return (
    <div className="border-t border-slate-200 bg-slate-50 px-4 py-2.5 text-xs text-slate-600" data-testid="browser-notifications">
      {permission === "granted" ? (
        <p>Browser notifications are on while Caseline is open.</p>
      ) : permission === "denied" ? (
        <p>Browser notifications are blocked: allow them in this site&apos;s settings in your browser.</p>
      ) : (
        <button
          type="button"
          onClick={() => void askBrowserPermission().then(setAnswer)}
          className="font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          Turn on browser notifications
        </button>
      )}
    </div>
  );
}
