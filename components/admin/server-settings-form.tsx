"use client";

import { useState } from "react";
import { saveServerSettingsAction } from "@/app/(app)/admin/settings/actions";
import { Badge } from "@/components/ui/badge";
import { Field, inputClasses } from "@/components/ui/field";
import type { ServerSettingsView } from "@/lib/settings/server-settings";
import { ActionForm } from "@/components/ui/action-form";

/** Settings > Server. Secrets are write-only: once saved they show as set, with Replace. */
export function ServerSettingsForm({ view }: { view: ServerSettingsView }) {
  return (
    <ActionForm action={saveServerSettingsAction} submitLabel="Save">
      {(state) => {
        const errors = state?.fieldErrors ?? {};
        return (
          <>
            <Field
              label="Vonage Application ID"
              hint="From your application in the Vonage dashboard."
              name="applicationId"
              error={errors.applicationId}
            >
              {(props) =>
                view.applicationId.source === "environment" ? (
                  <FromEnvironment value={view.applicationId.value} />
                ) : (
                  <input {...props} defaultValue={view.applicationId.value ?? ""} placeholder="aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" className={inputClasses} autoComplete="off" />
                )
              }
            </Field>
            <SecretField
              label="Vonage Webhook secret"
              hint="The signature secret Vonage signs webhooks with (Dashboard > Settings)."
              name="webhookSecret"
              source={view.webhookSecret.source}
              error={errors.webhookSecret}
              multiline={false}
            />
            <SecretField
              label="Vonage private key"
              hint="The private.key of your Vonage application: paste it or choose the file."
              name="privateKey"
              source={view.privateKey.source}
              error={errors.privateKey}
              multiline
            />
            <Field label="API host (optional)" hint="Leave empty for https://api.nexmo.com; the sandbox is https://messages-sandbox.nexmo.com." name="apiHost" error={errors.apiHost}>
              {(props) =>
                view.apiHost.source === "environment" ? (
                  <FromEnvironment value={view.apiHost.value} />
                ) : (
                  <input {...props} defaultValue={view.apiHost.value ?? ""} placeholder="https://api.nexmo.com" className={inputClasses} />
                )
              }
            </Field>
            <fieldset>
              <legend className="text-sm font-medium text-slate-700">Provider</legend>
              {view.provider.source === "environment" ? (
                <FromEnvironment value={view.provider.value === "vonage" ? "Vonage" : "Simulator"} />
              ) : (
                <div className="mt-2 flex flex-wrap gap-4">
                  {(
                    [
                      ["vonage", "Vonage", "Messages go to real phones."],
                      ["simulator", "Simulator", "A built-in carrier for trying Caseline out: replies go to the Phone simulator, nothing leaves the server."],
                    ] as const
                  ).map(([value, label, text]) => (
                    <label key={value} className="flex max-w-xs items-start gap-2 text-sm">
                      <input type="radio" name="provider" value={value} defaultChecked={view.provider.value === value} className="mt-1" />
                      <span>
                        <span className="font-medium text-slate-900">{label}</span>
                        <span className="block text-slate-500">{text}</span>
                      </span>
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
          </>
        );
      }}
    </ActionForm>
  );
}

function FromEnvironment({ value }: { value: string | null }) {
  return (
    <p className="mt-1 flex items-center gap-2 text-sm text-slate-700">
      {value ? <code className="font-mono">{value}</code> : null}
      <Badge tone="amber">set by the environment</Badge>
    </p>
  );
}

function SecretField({
  label,
  hint,
  name,
  source,
  error,
  multiline,
}: {
  label: string;
  hint: string;
  name: string;
  source: "environment" | "saved" | "missing";
  error?: string;
  multiline: boolean;
}) {
  const [replacing, setReplacing] = useState(source === "missing");
  const [value, setValue] = useState("");
  return (
    <Field label={label} hint={hint} name={name} error={error}>
      {(props) =>
        source === "environment" ? (
          <FromEnvironment value={null} />
        ) : !replacing ? (
          <p className="mt-1 flex items-center gap-3 text-sm">
            <Badge tone="green">Set</Badge>
            <button type="button" onClick={() => setReplacing(true)} className="font-medium text-indigo-700 hover:text-indigo-600">
              Replace
            </button>
          </p>
        ) : multiline ? (
          <>
            <textarea
              {...props}
              rows={5}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder="-----BEGIN PRIVATE KEY-----"
              className={`${inputClasses} font-mono`}
              spellCheck={false}
            />
            <input
              type="file"
              accept=".key,.pem,text/plain"
              aria-label={`${label} file`}
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) setValue(await file.text());
              }}
              className="mt-2 block text-sm text-slate-600 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-200"
            />
          </>
        ) : (
          <input {...props} type="password" autoComplete="new-password" className={inputClasses} />
        )
      }
    </Field>
  );
}
