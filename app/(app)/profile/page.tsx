import type { Metadata } from "next";
import { ApiTokens } from "@/components/account/api-tokens";
import { EmailNotificationsToggle } from "@/components/account/email-notifications-toggle";
import { PageHeader } from "@/components/ui/page-header";
import { listTokens } from "@/lib/api/tokens";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { env } from "@/lib/config/env";
import { mailSettings } from "@/lib/mail/settings";
import { getEmailNotifications } from "@/lib/users/email-preference";

export const metadata: Metadata = { title: "Profile" };

const ROLE_LABEL = { owner: "Server owner", admin: "Admin", staff: "Staff" } as const;

export default async function ProfilePage() {
  const user = await guardPage(requireUser, "/profile");
  const [tokens, emailNotifications] = await Promise.all([listTokens(user), getEmailNotifications(user)]);
  return (
    <>
      <PageHeader title="Profile" description={`${user.name ? `${user.name} · ` : ""}${user.email} · ${ROLE_LABEL[user.role]}`} />
      <EmailNotificationsToggle initial={emailNotifications} emailConfigured={mailSettings(env()).enabled} />
      <h2 className="mb-1 text-lg font-semibold text-slate-900">API tokens</h2>
      <p className="mb-4 max-w-2xl text-sm text-slate-600">
        For scripts and other systems (a CRM, a ticket system, reports) that use the{" "}
        <a href="/api/v1/openapi.json" className="font-medium text-indigo-700 underline hover:text-indigo-900">
          Caseline API
        </a>
        . Send the token as <code className="font-mono text-xs">Authorization: Bearer …</code>.
      </p>
      <ApiTokens tokens={tokens} whose="you" />
    </>
  );
}
