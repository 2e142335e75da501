import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { guardPage, requireRole } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  // Settings > Server holds the Vonage credentials: the server owner's alone (SPEC §2).
  await guardPage(() => requireRole(["owner"]), "/admin/settings");
  return (
    <>
      <PageHeader title="Settings" description="Server" />
      <EmptyState title="Vonage is not connected yet">
        The Server tab, where the Vonage Application ID, webhook secret and private key are entered, is not available in
        this version yet.
      </EmptyState>
    </>
  );
}
