import type { Metadata } from "next";
import { CreateUserForm, UserCard } from "@/components/admin/user-forms";
import { UsersTabs } from "@/components/admin/users-tabs";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { listAllSurveys } from "@/lib/surveys/queries";
import { listUsersWithAccess } from "@/lib/users/admin";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await guardPage(() => requireRole(ADMIN_ROLES), "/admin/users");
  const [users, surveys] = await Promise.all([listUsersWithAccess(actor), listAllSurveys(actor)]);
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in, their role, and which surveys staff may see." />
      <UsersTabs current="users" />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <ul aria-label="Users" className="divide-y divide-slate-100 self-start overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200 lg:col-span-2">
          {users.map((u) => (
            <UserCard key={u.id} user={u} actor={actor} surveys={surveys} />
          ))}
        </ul>
        <section aria-label="New user" className="h-fit rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="mb-3 text-sm font-semibold text-slate-900">New user</h2>
          <CreateUserForm actorRole={actor.role} />
        </section>
      </div>
    </>
  );
}
