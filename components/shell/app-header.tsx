import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/access";
import { seesAllSurveys } from "@/lib/auth/access";
import type { NotificationPage } from "@/lib/notifications/list";
import { NavLink } from "./nav-link";
import { NotificationBell } from "./notification-bell";
import { signOutAction } from "./sign-out-action";

const ROLE_LABEL = { owner: "Server owner", admin: "Admin", staff: "Staff" } as const;

export function AppHeader({ user, notifications }: { user: CurrentUser; notifications?: NotificationPage }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      {/* As wide as the page under it: the console's workspace is wider than other pages. */}
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6 [body:has([data-workspace])_&]:max-w-[120rem]">
        <Link href="/console" className="text-lg font-bold tracking-tight text-indigo-700">
          Caseline
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1">
          <NavLink href="/console">Console</NavLink>
          {seesAllSurveys(user) ? <NavLink href="/admin">Admin</NavLink> : null}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <NotificationBell initialPage={notifications} />
          <Link href="/profile" className="rounded-md px-2 py-1 text-right leading-tight hover:bg-slate-50" title="Profile and API tokens">
            <p className="max-w-[7rem] truncate text-sm font-medium text-slate-900 sm:max-w-[12rem]" data-testid="signed-in-user">
              {user.name || user.email}
            </p>
            <p className="hidden text-xs text-slate-500 sm:block">{ROLE_LABEL[user.role]}</p>
          </Link>
          <form action={signOutAction}>
            <button
              type="submit"
              className="rounded-md px-3 py-2 text-sm font-medium text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 hover:text-slate-900"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
