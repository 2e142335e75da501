import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { LiveEventsProvider } from "@/components/shell/live-events";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { listNotifications } from "@/lib/notifications/list";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await guardPage(requireUser);
  // The bell's first page comes with the page, so its count shows at once; if it cannot be
  // read now, the bell reads it itself (and shows why not).
  const notifications = await listNotifications(user).catch(() => undefined);
  return (
    <LiveEventsProvider>
      <div className="min-h-screen">
        <AppHeader user={user} notifications={notifications} />
        {/* The console's workspace uses the whole width of a wide screen (its three panes). */}
        <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8 has-[[data-workspace]]:max-w-[120rem]">{children}</main>
      </div>
    </LiveEventsProvider>
  );
}
