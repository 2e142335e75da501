import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-indigo-600">404</p>
        <h1 className="mt-2 text-xl font-semibold text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">It does not exist, or you do not have access to it.</p>
        <Link href="/console" className={buttonClasses("secondary", "mt-6")}>
          Back to the Console
        </Link>
      </div>
    </main>
  );
}
