"use client";

import { useState } from "react";
import { deleteLinkAction, saveLinkAction } from "@/app/(app)/admin/users/conversations/actions";
import { Field, inputClasses } from "@/components/ui/field";
import { fillMultiCaseReply } from "@/lib/cases/multi-case-reply";
import { formatNumber } from "@/lib/display/format";
import { ActionForm } from "@/components/ui/action-form";
import { BusinessHoursFields, type HoursValues } from "./business-hours-fields";

export type LinkRow = {
  id: number;
  ourNumber: string;
  channel: "sms" | "whatsapp";
  surveyId: number;
  surveyName: string;
  description: string;
  multiCaseReply: string;
  optOutConfirmation: string;
  helpText: string;
} & HoursValues;

const SAMPLE_CASES = [
  { id: 123, title: "Appointment request" },
  { id: 124, title: "Question about hours" },
];

/** Create or edit a number link, with a live preview of the automatic reply. */
export function LinkForm({ link, surveys, timeZones }: { link?: LinkRow; surveys: Array<{ id: number; name: string }>; timeZones: string[] }) {
  const [reply, setReply] = useState(link?.multiCaseReply ?? "");
  const [channel, setChannel] = useState<LinkRow["channel"]>(link?.channel ?? "sms");
  return (
    <ActionForm action={saveLinkAction} submitLabel={link ? "Save" : "Link number"} resetOnSuccess={!link}>
      {(state) => {
        const errors = state?.fieldErrors ?? {};
        return (
          <>
            {link ? <input type="hidden" name="linkId" value={link.id} /> : null}
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Number" hint="Your SMS or WhatsApp number, e.g. +44 7700 900000." name="ourNumber" error={errors.ourNumber}>
                {(props) => <input {...props} defaultValue={link ? formatNumber(link.ourNumber) : ""} inputMode="tel" className={inputClasses} />}
              </Field>
              <Field label="Channel" name="channel">
                {(props) => (
                  <select {...props} value={channel} onChange={(e) => setChannel(e.target.value === "whatsapp" ? "whatsapp" : "sms")} className={inputClasses}>
                    <option value="sms">SMS</option>
                    <option value="whatsapp">WhatsApp</option>
                  </select>
                )}
              </Field>
              <Field label="Survey" hint="Receives this number's messages." name="surveyId" error={errors.surveyId}>
                {(props) => (
                  <select {...props} defaultValue={link?.surveyId ?? ""} className={inputClasses}>
                    <option value="">Choose a survey…</option>
                    {surveys.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Description" name="description" error={errors.description}>
                {(props) => <input {...props} defaultValue={link?.description ?? ""} className={inputClasses} />}
              </Field>
            </div>
            <Field
              label="Automatic reply when the sender has several open cases"
              hint="%s1 becomes the number of open cases, %s2 the list of them. Leave empty to send none."
              name="multiCaseReply"
              error={errors.multiCaseReply}
            >
              {(props) => (
                <textarea {...props} rows={3} value={reply} onChange={(e) => setReply(e.target.value)} className={inputClasses} />
              )}
            </Field>
            {reply.trim() ? (
              <div aria-label="Preview" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 ring-1 ring-inset ring-slate-200">
                <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Preview with 2 open cases</p>
                <p className="mt-1 whitespace-pre-wrap" data-testid="reply-preview">
                  {fillMultiCaseReply(reply, SAMPLE_CASES)}
                </p>
              </div>
            ) : null}
            {/* SPEC §12 is SMS only: on WhatsApp the fields are not sent, so a link's texts
                survive a switch to WhatsApp and back. */}
            {channel === "sms" ? (
              <fieldset className="rounded-md p-3 ring-1 ring-inset ring-slate-200">
                <legend className="px-1 text-sm font-medium text-slate-700">SMS opt-out</legend>
                <div className="space-y-4">
                  <p className="text-xs text-slate-500">
                    A text that is only STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE or OPTOUT stops every message from this number to
                    that person; START, UNSTOP or YES lets them back in. Replies to them are refused until then.
                  </p>
                  <Field
                    label="Opt-out confirmation"
                    hint="Sent once when someone opts out: the one message they still get. Leave empty to send none."
                    name="optOutConfirmation"
                    error={errors.optOutConfirmation}
                  >
                    {(props) => (
                      <textarea
                        {...props}
                        rows={2}
                        defaultValue={link?.optOutConfirmation ?? ""}
                        placeholder="You will get no more messages from us. Reply START to opt back in."
                        className={inputClasses}
                      />
                    )}
                  </Field>
                  <Field
                    label="Answer to HELP"
                    hint="Sent when someone texts HELP or INFO (at most once in 10 minutes; never after they opted out). Leave empty to send none."
                    name="helpText"
                    error={errors.helpText}
                  >
                    {(props) => (
                      <textarea
                        {...props}
                        rows={2}
                        defaultValue={link?.helpText ?? ""}
                        placeholder="Acme support: reply to this message or call +1 555 0100. Reply STOP to opt out."
                        className={inputClasses}
                      />
                    )}
                  </Field>
                </div>
              </fieldset>
            ) : null}
            <BusinessHoursFields values={link} timeZones={timeZones} errors={errors} />
          </>
        );
      }}
    </ActionForm>
  );
}

export function DeleteLinkForm({ link }: { link: LinkRow }) {
  return (
    <ActionForm action={deleteLinkAction} submitLabel="Delete link" submitVariant="danger" pendingLabel="Deleting…" className="space-y-2" footerClassName="">
      {() => (
        <>
          <input type="hidden" name="linkId" value={link.id} />
          <p className="text-sm text-slate-600">Its cases stay in the survey; new messages to this number will wait as unrouted.</p>
        </>
      )}
    </ActionForm>
  );
}
