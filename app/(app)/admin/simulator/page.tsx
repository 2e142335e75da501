import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PhoneSimulator } from "@/components/simulator/phone-simulator";
import { PageHeader } from "@/components/ui/page-header";
import { ADMIN_ROLES } from "@/lib/auth/access";
import { guardPage, requireRole } from "@/lib/auth/guards";
import { getProvider } from "@/lib/settings/server-settings";

export const metadata: Metadata = { title: "Phone simulator" };
export const dynamic = "force-dynamic";

// Owner and admin; only while the provider is the Simulator.
export default async function PhoneSimulatorPage() {
  await guardPage(() => requireRole(ADMIN_ROLES), "/admin/simulator");
  if ((await getProvider()) !== "simulator") notFound();
  return (
    <div>
      <PageHeader
        title="Phone simulator"
        description="Virtual phones for trying Caseline without Vonage: a message sent here reaches your number through the same signed webhook Vonage would call, and replies arrive here with their delivery reports."
      />
      <PhoneSimulator />
    </div>
  );
}
