"use client";

// Admin > People: a number → what Caseline holds of it (counts) → Export JSON, or Erase after
// typing the number again → what was erased.
import { useState } from "react";
import { erasePersonAction, previewPersonAction, type PersonResult } from "@/app/(app)/admin/people/actions";
import { useActionForm } from "@/components/ui/action-form";
import { ErrorAlert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, inputClasses } from "@/components/ui/field";
import { formatNumber } from "@/lib/display/format";
import { countLines, totalRows, type PersonCounts } from "@/lib/privacy/counts";

function CountList({ counts, label }: { counts: PersonCounts; label: string }) {
  const lines = countLines(counts).filter((line) => line.count > 0);
  if (lines.length === 0) return <p className="text-sm text-slate-600">Caseline holds nothing of this number.</p>;
  return (
    <ul aria-label={label} className="list-disc space-y-1 pl-5 text-sm text-slate-800">
      {lines.map((line) => (
        <li key={line.key}>{line.text}</li>
      ))}
    </ul>
  );
}

export function PersonData() {
  const preview = useActionForm(previewPersonAction);
  const [erased, setErased] = useState<Extract<PersonResult, { ok: true }> | null>(null);
  // After an erasure its result replaces the counts; looking a number up again starts afresh.
  const found = preview.state?.ok && !erased ? preview.state : null;

  return (
    <div className="grid max-w-2xl gap-6">
      <form
        onSubmit={(event) => {
          setErased(null);
          preview.onSubmit(event);
        }}
        aria-label="Find a number" className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" noValidate>
        <Field label="Phone number" hint="In international form, e.g. +44 7700 900123." name="number" error={preview.state?.fieldErrors?.number}>
          {(props) => <input {...props} type="tel" autoComplete="off" className={inputClasses} />}
        </Field>
        {preview.state && !preview.state.ok && !preview.state.fieldErrors ? <ErrorAlert>{preview.state.error}</ErrorAlert> : null}
        <div className="flex justify-end">
          <Button type="submit" disabled={preview.pending}>
            {preview.pending ? "Looking…" : "Show what is kept"}
          </Button>
        </div>
      </form>

      {erased ? (
        <section role="status" aria-label="Erased" className="space-y-2 rounded-lg bg-emerald-50 p-5 ring-1 ring-inset ring-emerald-200">
          <h2 className="text-sm font-semibold text-emerald-900">Erased everything of {formatNumber(erased.number)}</h2>
          <CountList counts={erased.counts} label="What was erased" />
          <p className="text-xs text-emerald-800">The audit log keeps these counts, not the number.</p>
        </section>
      ) : null}

      {found ? <Found key={found.number} number={found.number} counts={found.counts} onErased={setErased} /> : null}
    </div>
  );
}

function Found({ number, counts, onErased }: { number: string; counts: PersonCounts; onErased: (result: Extract<PersonResult, { ok: true }>) => void }) {
  const erase = useActionForm(async (previous: PersonResult | null, form: FormData) => {
    const result = await erasePersonAction(previous, form);
    if (result.ok) onErased(result);
    return result;
  });
  const [confirming, setConfirming] = useState(false);
  const empty = totalRows(counts) === 0;
  return (
    <section aria-label={`Data of ${formatNumber(number)}`} className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div>
        <h2 className="text-sm font-semibold text-slate-900">What Caseline holds of {formatNumber(number)}</h2>
        <p className="text-xs text-slate-500">
          In every survey, with its opt-outs: once they are erased, replies to this number are no longer refused.
        </p>
      </div>
      <CountList counts={counts} label="What is kept" />
      {empty ? null : (
        <div className="flex flex-wrap gap-2">
          <a href={`/api/admin/people/${number}/export`} download className={buttonClasses("secondary")}>
            Export JSON
          </a>
          {confirming ? null : (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Erase…
            </Button>
          )}
        </div>
      )}
      {confirming && !empty ? (
        <form onSubmit={erase.onSubmit} aria-label="Erase" className="space-y-3 rounded-md bg-rose-50 p-4 ring-1 ring-inset ring-rose-200" noValidate>
          <p className="text-sm text-rose-900">
            This deletes everything listed above, in one go, for good. It cannot be undone. Export first if you need a copy.
          </p>
          <input type="hidden" name="number" value={number} />
          <Field label={`Type ${formatNumber(number)} to confirm`} name="confirmation" error={erase.state?.fieldErrors?.confirmation}>
            {(props) => <input {...props} type="tel" autoComplete="off" className={inputClasses} />}
          </Field>
          {erase.state && !erase.state.ok && !erase.state.fieldErrors ? <ErrorAlert>{erase.state.error}</ErrorAlert> : null}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="ghost" onClick={() => setConfirming(false)} disabled={erase.pending}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={erase.pending}>
              {erase.pending ? "Erasing…" : "Erase for good"}
            </Button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
