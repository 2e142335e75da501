"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SHORTCUTS, type ShortcutAction } from "./shortcuts";

/** The `?` overlay: the shortcuts from the one table. Escape closes it; focus goes back. */
export function ShortcutHelp({ open, onClose, unavailable = [] }: { open: boolean; onClose: () => void; unavailable?: ShortcutAction[] }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <p className="text-sm text-slate-600">Anywhere in the console, except while typing in a field.</p>
      <dl className="mt-4 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" data-testid="shortcut-list">
        {SHORTCUTS.filter((s) => !unavailable.includes(s.action)).map((s) => (
          <div key={s.key} className="flex items-center justify-between gap-4 px-3 py-2 text-sm">
            <dt className="text-slate-700">{s.description}</dt>
            <dd>
              <kbd className="inline-flex min-w-7 justify-center rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-slate-800 shadow-[0_1px_0_var(--color-slate-300)]">
                {s.key}
              </kbd>
            </dd>
          </div>
        ))}
        <div className="flex items-center justify-between gap-4 px-3 py-2 text-sm">
          <dt className="text-slate-700">Send the reply or note</dt>
          <dd className="flex gap-1">
            <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-slate-800">Ctrl</kbd>
            <span className="text-xs text-slate-500">or</span>
            <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-slate-800">⌘</kbd>
            <span className="text-xs text-slate-500">+</span>
            <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-slate-800">Enter</kbd>
          </dd>
        </div>
      </dl>
      <div className="mt-5 flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}
