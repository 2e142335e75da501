// The bell's data: the first pages of the user's notifications with the unread count, read from
// /api/v1/notifications with the session cookie (the endpoint serves the console's own reads).
import { infiniteQueryOptions } from "@tanstack/react-query";
import type { NotificationPage } from "@/lib/notifications/list";

export const notificationKeys = { all: ["notifications"] as const };

export const NOTIFICATIONS_PAGE = 20;

export function notificationsQuery() {
  return infiniteQueryOptions({
    queryKey: notificationKeys.all,
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam }) => {
      const query = new URLSearchParams({ limit: String(NOTIFICATIONS_PAGE) });
      if (pageParam) query.set("cursor", pageParam);
      const response = await fetch(`/api/v1/notifications?${query}`, { headers: { accept: "application/json" }, cache: "no-store" });
      const body = (await response.json().catch(() => null)) as (NotificationPage & { error?: { message?: string } }) | null;
      if (!response.ok || !body) throw new Error(body?.error?.message ?? `The server answered ${response.status}.`);
      return body;
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}
