"use client";

// Profile (SPEC §13): "Email me notifications", saved as soon as the box changes. The box
// shows the new value at once and goes back if the server refuses.
import { useState, useTransition } from "react";
import { setEmailNotificationsAction } from "@/app/(app)/profile/actions";
import { ErrorAlert } from "@/components/ui/alert";

export function EmailNotificationsToggle({ initial, emailConfigured }: { initial: boolean; emailConfigured: boolean }) {
  const [on, setOn] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();

  const change = (next: boolean) => {
    setOn(next);
    setError(null);
    setSaved(false);
    startTransition(async () => {
      const result = await setEmailNotificationsAction(null, { emailNotifications: next });
      if (result.ok) {
        setOn(result.emailNotifications);
        setSaved(true);
      } else {
        setOn(!next);
        setError(result.error);
      }
    });
  };

  return (
    <section aria-labelledby="email-notifications-heading" className="mb-8 max-w-2xl space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="email-notifications-heading" className="text-sm font-semibold text-slate-900">
        Notifications by email
      </h2>
      <label className="flex items-start gap-3 text-sm text-slate-800">
        <input
          type="checkbox"
          name="emailNotifications"
          checked={on}
          disabled={pending}
          onChange={(event) => change(event.currentTarget.checked)}
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus:ring-2 focus:ring-indigo-500"
        />
        <span>
          <span className="font-medium">Email me notifications</span>
          <span className="block text-slate-600">
            A case assigned to you, a mention, a new message in your case, a missed service level — at most one email per case every 10 minutes.
          </span>
        </span>
      </label>
      {!emailConfigured ? (
        <p className="text-xs text-slate-500">This server does not send email yet (the server owner sets it up): your choice applies once it does.</p>
      ) : null}
      <p role="status" aria-live="polite" className="min-h-5 text-xs text-slate-500">
        {pending ? "Saving…" : saved ? (on ? "Saved: you will get emails." : "Saved: no emails.") : ""}
      </p>
      {error ? <ErrorAlert>{error}</ErrorAlert> : null}
    </section>
  );
}
