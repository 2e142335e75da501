import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-rose-600">403</p>
        <h1 className="mt-2 text-xl font-semibold text-slate-900">You do not have access to this page</h1>
        <p className="mt-2 text-sm text-slate-600">It is for server owners and admins. Ask one of them if you need it.</p>
        <Link href="/console" className={buttonClasses("secondary", "mt-6")}>
          Back to the Console
        </Link>
      </div>
    </main>
  );
}
