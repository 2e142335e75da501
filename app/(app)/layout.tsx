import type { ReactNode } from "react";
import { AppHeader } from "@/components/shell/app-header";
import { guardPage, requireUser } from "@/lib/auth/guards";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await guardPage(requireUser);
  return (
    <div className="min-h-screen">
      <AppHeader user={user} />
      {/* The console's workspace uses the whole width of a wide screen (its three panes). */}
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8 has-[[data-workspace]]:max-w-[120rem]">{children}</main>
    </div>
  );
}
