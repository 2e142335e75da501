import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiTokens } from "@/components/account/api-tokens";
import { PageHeader } from "@/components/ui/page-header";
import { listTokens, tokenOwner } from "@/lib/api/tokens";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "API tokens" };

export default async function UserTokensPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const userId = /^\d{1,9}$/.test(id) ? Number(id) : null;
  const actor = await guardPage(() => requireRole(ADMIN_ROLES), `/admin/users/${id}/tokens`);
  if (userId === null) notFound();
  const user = await guardPage(() => tokenOwner(actor, userId));
  const tokens = await guardPage(() => listTokens(actor, userId));
  const who = user.name || user.email;
  return (
    <>
      <PageHeader
        title={`API tokens of ${who}`}
        description="Tokens act as this user, with their role and surveys. Deactivating the user stops all of them."
        actions={
          <Link href="/admin/users" className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Back to users
          </Link>
        }
      />
      {!user.active ? (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          {who} is deactivated: none of these tokens work until they are activated again.
        </p>
      ) : null}
      <ApiTokens tokens={tokens} userId={userId} whose={who} />
    </>
  );
}
