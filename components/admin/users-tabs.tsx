import Link from "next/link";

/**
 * Admin > Users has three tabs: the people, Conversations (our numbers), and the WhatsApp
 * Templates those numbers may send.
 */
export function UsersTabs({ current }: { current: "users" | "conversations" | "templates" }) {
  const tab = (href: string, label: string, active: boolean) => (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
        active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"
      }`}
    >
      {label}
    </Link>
  );
  return (
    <nav aria-label="Users" className="mb-4 flex gap-1 border-b border-slate-200">
      {tab("/admin/users", "Users", current === "users")}
      {tab("/admin/users/conversations", "Conversations", current === "conversations")}
      {tab("/admin/users/templates", "Templates", current === "templates")}
    </nav>
  );
}
