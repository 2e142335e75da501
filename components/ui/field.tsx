"use client";

import { useId, type ReactNode } from "react";

export const inputClasses =
  "mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:bg-slate-50 disabled:text-slate-500 aria-[invalid=true]:ring-rose-400";

export type FieldProps = { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby"?: string };

/** A labelled form control with an optional hint and its error, linked for screen readers. */
export function Field({
  label,
  hint,
  name,
  error,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  name: string;
  error?: string;
  children: (props: FieldProps) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {children({ id, name, ...(error ? { "aria-invalid": true, "aria-describedby": errorId } : {}) })}
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-rose-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
