import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listUsers } from "@/lib/users/queries";

export const metadata: Metadata = { title: "Users" };

const ROLE_LABEL = { owner: "Server owner", admin: "Admin", staff: "Staff" } as const;

export default async function UsersPage() {
  await guardPage(() => requireRole(["owner", "admin"]), "/admin/users");
  const users = await listUsers();
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in to this server." />
      <div className="overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-3">Email</th>
              <th scope="col" className="hidden px-4 py-3 sm:table-cell">Name</th>
              <th scope="col" className="px-4 py-3">Role</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id}>
                <td className="max-w-[14rem] truncate px-4 py-3 font-medium text-slate-900">{u.email}</td>
                <td className="hidden px-4 py-3 text-slate-600 sm:table-cell">{u.name || "—"}</td>
                <td className="px-4 py-3">
                  <span className="flex flex-wrap gap-1">
                    <Badge tone={u.role === "staff" ? "slate" : "indigo"}>{ROLE_LABEL[u.role]}</Badge>
                    {u.active ? null : <Badge tone="rose">Deactivated</Badge>}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
