"use client";

import type { InputHTMLAttributes } from "react";
import { Field, inputClasses } from "./field";

/** A labelled input; the label is what tests and screen readers find it by. */
export function TextField({
  label,
  error,
  className = "",
  name = "",
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string }) {
  return (
    <div className={className}>
      <Field label={label} name={name} error={error}>
        {(fieldProps) => <input {...fieldProps} {...props} className={inputClasses} />}
      </Field>
    </div>
  );
}
