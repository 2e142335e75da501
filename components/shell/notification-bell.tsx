"use client";

// SPEC §13: the bell in the header — the unread count, kept live by the tab's event stream —
// and its panel. New notifications also appear as the browser's own while the tab is open
// and the user allowed them (and is looking elsewhere: the bell shows them otherwise).
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { freshNotifications, notificationHeadline, unreadBadge } from "@/lib/notifications/describe";
import type { NotificationPage } from "@/lib/notifications/list";
import { formatNumber, showDirectionControls } from "@/lib/display/format";
import { useLiveEvent } from "./live-events";
import { showBrowserNotification } from "./desktop-notifications";
import { NotificationPanel } from "./notification-panel";
import { notificationKeys, notificationsQuery } from "./notification-query";

export function NotificationBell({ initialPage }: { initialPage?: NotificationPage }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const query = useInfiniteQuery({
    ...notificationsQuery(),
    ...(initialPage ? { initialData: { pages: [initialPage], pageParams: [null] } } : {}),
  });
  useLiveEvent("notifications", () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }));

  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const close = ({ focusBell }: { focusBell: boolean }) => {
    setOpen(false);
    if (focusBell) button.current?.focus();
  };

  // A click or a focus outside closes the panel (Escape is handled by the panel itself).
  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (wrapper.current && !wrapper.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    document.addEventListener("focusin", outside);
    return () => {
      document.removeEventListener("pointerdown", outside);
      document.removeEventListener("focusin", outside);
    };
  }, [open]);

  // The browser's own notification for each new one (never for those there on page load).
  const newest = query.data?.pages[0]?.items;
  const seenUpTo = useRef<number | null>(null);
  useEffect(() => {
    if (!newest) return;
    const fresh = freshNotifications(newest, seenUpTo.current);
    seenUpTo.current = Math.max(seenUpTo.current ?? 0, ...newest.map((n) => n.id));
    if (document.hasFocus()) return;
    for (const n of fresh) {
      showBrowserNotification(
        { id: n.id, title: notificationHeadline(n), body: `${showDirectionControls(n.case.title) || "Untitled"} · ${formatNumber(n.case.theirNumber)}` },
        () => router.push(`/console/cases/${n.case.id}`),
      );
    }
  }, [newest, router]);

  const unread = query.data?.pages[0]?.unreadCount ?? 0;
  const badge = unreadBadge(unread);
  return (
    <div ref={wrapper} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((was) => !was)}
        data-testid="notification-bell"
        className={`relative rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
          open ? "bg-slate-100 text-slate-900" : ""
        }`}
      >
        <BellIcon />
        {badge ? (
          <span
            aria-hidden
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 flex h-[1.125rem] min-w-[1.125rem] items-center justify-center rounded-full bg-rose-600 px-1 text-[0.6875rem] font-semibold leading-none text-white ring-2 ring-white"
          >
            {badge}
          </span>
        ) : null}
      </button>
      {open ? <NotificationPanel id={panelId} query={query} onClose={close} /> : null}
    </div>
  );
}

function BellIcon() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" className="h-5 w-5">
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
