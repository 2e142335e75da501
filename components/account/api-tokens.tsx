"use client";

// A user's API tokens: the list (never the tokens themselves: they are shown once, when
// made), a form for a new one, and Revoke. Used by the profile page and Admin > Users.
import { useState } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/(app)/profile/actions";
import { ActionForm } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Field, inputClasses } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import type { TokenSummary } from "@/lib/api/tokens";

const STATE_TONE = { active: "green", expired: "amber", revoked: "slate" } as const;

export function ApiTokens({ tokens, userId, whose }: { tokens: TokenSummary[]; userId?: number; whose: string }) {
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <section aria-label="API tokens" className="self-start overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200 lg:col-span-2">
        {tokens.length === 0 ? (
          <div className="px-6 py-10 text-center">
            <p className="text-sm font-medium text-slate-900">No API tokens yet</p>
            <p className="mt-1 text-sm text-slate-600">A token lets another system use the Caseline API as {whose}.</p>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100">
            {tokens.map((t) => (
              <TokenRow key={t.id} token={t} />
            ))}
          </ul>
        )}
      </section>
      <section aria-label="New API token" className="h-fit rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="mb-1 text-sm font-semibold text-slate-900">New API token</h2>
        <p className="mb-4 text-sm text-slate-600">It acts as {whose}: the same role and surveys. It is shown once.</p>
        <ActionForm action={createTokenAction} submitLabel="Create token" pendingLabel="Creating…" resetOnSuccess>
          {(state) => (
            <div className="grid gap-4">
              {userId !== undefined ? <input type="hidden" name="userId" value={userId} /> : null}
              <Field label="Name" name="name" hint="What will use it, e.g. “CRM sync”." error={state?.fieldErrors?.name}>
                {(props) => <input {...props} maxLength={100} autoComplete="off" className={inputClasses} />}
              </Field>
              <Field label="Expires on" name="expiresOn" hint="Leave empty for no expiry." error={state?.fieldErrors?.expiresOn}>
                {(props) => <input {...props} type="date" className={inputClasses} />}
              </Field>
            </div>
          )}
        </ActionForm>
      </section>
    </div>
  );
}

function TokenRow({ token }: { token: TokenSummary }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:justify-between" data-testid="token-row">
      <div className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{token.name}</span>
          <code className="rounded bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-600 ring-1 ring-inset ring-slate-200">{token.prefix}…</code>
          <Badge tone={STATE_TONE[token.state]}>{token.state === "active" ? "Active" : token.state === "expired" ? "Expired" : "Revoked"}</Badge>
        </div>
        <p className="text-xs text-slate-500">
          Created <LocalTime iso={token.createdAt} />
          {" · "}
          {token.expiresAt ? (
            <>
              {token.state === "expired" ? "expired" : "expires"} <LocalTime iso={token.expiresAt} />
            </>
          ) : (
            "no expiry"
          )}
          {" · "}
          {token.lastUsedAt ? (
            <>
              last used <LocalTime iso={token.lastUsedAt} />
            </>
          ) : (
            "never used"
          )}
        </p>
      </div>
      {token.state !== "revoked" ? (
        confirming ? (
          <ActionForm
            action={revokeTokenAction}
            submitLabel={`Revoke ${token.name}`}
            pendingLabel="Revoking…"
            submitVariant="danger"
            className="flex flex-col items-start gap-2 sm:items-end"
            footerClassName="flex gap-2"
          >
            {() => (
              <>
                <input type="hidden" name="tokenId" value={token.id} />
                <p className="text-xs text-slate-600">It stops working at once.</p>
                <button type="button" onClick={() => setConfirming(false)} className="text-xs text-slate-600 underline hover:text-slate-900">
                  Keep it
                </button>
              </>
            )}
          </ActionForm>
        ) : (
          <button
            type="button"
            onClick={() => setConfirming(true)}
            className="self-start rounded-md px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-inset ring-red-200 hover:bg-red-50"
          >
            Revoke…
          </button>
        )
      ) : null}
    </li>
  );
}
