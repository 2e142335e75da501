import type { ReactNode } from "react";
import { NavLink } from "@/components/shell/nav-link";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { getProvider } from "@/lib/settings/server-settings";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await guardPage(() => requireRole(ADMIN_ROLES), "/admin");
  return (
    <div>
      <div className="mb-6 border-b border-slate-200 pb-3">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Admin</p>
        <nav aria-label="Admin" className="mt-2 flex flex-wrap gap-1">
          {user.role === "owner" ? <NavLink href="/admin/settings">Settings</NavLink> : null}
          <NavLink href="/admin/users">Users</NavLink>
          <NavLink href="/admin/surveys">Surveys</NavLink>
          <NavLink href="/admin/webhooks">Webhooks</NavLink>
          <NavLink href="/admin/audit">Audit</NavLink>
          <NavLink href="/admin/people">People</NavLink>
          {(await getProvider()) === "simulator" ? <NavLink href="/admin/simulator">Phone simulator</NavLink> : null}
        </nav>
      </div>
      {children}
    </div>
  );
}
