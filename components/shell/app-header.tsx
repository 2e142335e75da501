import Link from "next/link";
import type { CurrentUser } from "@/lib/auth/access";
import { seesAllSurveys } from "@/lib/auth/access";
import { initialsOf } from "@/lib/display/format";
import type { NotificationPage } from "@/lib/notifications/list";
import { NavLink } from "./nav-link";
import { NotificationBell } from "./notification-bell";
import { signOutAction } from "./sign-out-action";

const ROLE_LABEL = { owner: "Server owner", admin: "Admin", staff: "Staff" } as const;

export function AppHeader({ user, notifications }: { user: CurrentUser; notifications?: NotificationPage }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      {/* As wide as the page under it: the console's workspace is wider than other pages. */}
      {/* One row down to a 390 px phone: below `sm` the name, Sign out and the logo are icons. */}
      <div className="mx-auto flex max-w-7xl items-center gap-x-2 px-3 py-3 sm:gap-x-6 sm:px-6 [body:has([data-workspace])_&]:max-w-[120rem]">
        <Link href="/console" aria-label="Caseline" className="text-lg font-bold tracking-tight text-indigo-700">
          <span aria-hidden className="flex h-8 w-8 items-center justify-center rounded-md bg-indigo-600 text-base text-white sm:hidden">
            C
          </span>
          <span aria-hidden className="hidden sm:inline">
            Caseline
          </span>
        </Link>
        <nav aria-label="Main" className="flex items-center gap-0.5 sm:gap-1">
          <NavLink href="/console">Console</NavLink>
          <NavLink href="/reports">Reports</NavLink>
          {seesAllSurveys(user) ? <NavLink href="/admin">Admin</NavLink> : null}
        </nav>
        <div className="ml-auto flex items-center gap-1.5 sm:gap-3">
          <NotificationBell initialPage={notifications} />
          <Link
            href="/profile"
            className="flex items-center rounded-md leading-tight hover:bg-slate-50 sm:px-2 sm:py-1"
            title="Profile and API tokens"
            data-testid="signed-in-user"
          >
            <span
              aria-hidden
              className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700 sm:hidden"
            >
              {initialsOf(user.name || user.email)}
            </span>
            <span className="sr-only sm:not-sr-only sm:text-right">
              <span className="block max-w-[12rem] truncate text-sm font-medium text-slate-900">{user.name || user.email}</span>
              <span className="block text-xs text-slate-500">{ROLE_LABEL[user.role]}</span>
            </span>
          </Link>
          <form action={signOutAction}>
            <button
              type="submit"
              title="Sign out"
              className="rounded-md p-2 text-sm font-medium text-slate-600 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 hover:text-slate-900 sm:px-3"
            >
              <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" className="h-4 w-4 sm:hidden">
                <path d="M8 4H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3M13 14l4-4-4-4M17 10H8" />
              </svg>
              <span className="sr-only sm:not-sr-only">Sign out</span>
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}

