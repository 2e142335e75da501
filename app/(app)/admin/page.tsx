import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminHome() {
  const user = await guardPage(() => requireRole(ADMIN_ROLES), "/admin");
  const sections = [
    ...(user.role === "owner"
      ? [{ href: "/admin/settings", title: "Settings", text: "Server: connect Vonage (Application ID, webhook secret, private key)." }]
      : []),
    { href: "/admin/users", title: "Users", text: "People who use Caseline, their roles and survey access; Conversations: your numbers." },
    { href: "/admin/surveys", title: "Surveys", text: "Surveys, their questions and the status question that enables cases." },
    { href: "/admin/audit", title: "Audit", text: "Who changed what and when: case changes and admin actions, with CSV export." },
    { href: "/admin/people", title: "People", text: "Erase or export everything Caseline holds of one phone number." },
  ];
  return (
    <>
      <PageHeader title="Admin" description="Set up this Caseline server." />
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {sections.map((s) => (
          <li key={s.href}>
            <Link href={s.href} className="block h-full rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300">
              <h2 className="font-medium text-slate-900">{s.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{s.text}</p>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
