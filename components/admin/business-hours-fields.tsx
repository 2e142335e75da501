"use client";

// SPEC §13: a number link's business hours inside the link form (components/admin/link-form.tsx):
// a time zone, one line of intervals per weekday and the out-of-hours reply. The server checks
// them (lib/business-hours/settings.ts) and its errors appear beside each field.
import { useState } from "react";
import { Field, inputClasses } from "@/components/ui/field";
import { formatDayText, WEEKDAY_NAMES, WEEKDAYS } from "@/lib/business-hours/weekly-hours";
import type { BusinessHours } from "@/lib/db/schema";

export type HoursValues = { timeZone: string | null; businessHours: BusinessHours | null; outOfHoursReply: string };

export function BusinessHoursFields({ values, timeZones, errors }: { values?: HoursValues; timeZones: string[]; errors: Record<string, string | undefined> }) {
  const [timeZone, setTimeZone] = useState(values?.timeZone ?? "");
  const known = !timeZone || timeZones.includes(timeZone) ? timeZones : [timeZone, ...timeZones];
  return (
    <fieldset className="rounded-md p-3 ring-1 ring-inset ring-slate-200" data-testid="business-hours">
      <legend className="px-1 text-sm font-medium text-slate-700">Business hours</legend>
      <div className="space-y-4">
        <Field
          label="Time zone"
          hint="Choose one to set opening hours; “Always open” sends no out-of-hours reply."
          name="timeZone"
          error={errors.timeZone}
        >
          {(props) => (
            <select {...props} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} className={inputClasses}>
              <option value="">Always open</option>
              {known.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
        {timeZone ? (
          <>
            <p className="text-xs text-slate-500">
              Open hours per day in {timeZone.replaceAll("_", " ")}, like <span className="font-mono">09:00-12:30, 13:30-17:00</span>. An end before
              the start runs past midnight (<span className="font-mono">22:00-06:00</span>). Leave a day empty to stay closed all day.
            </p>
            <div className="grid gap-3 sm:grid-cols-2">
              {WEEKDAYS.map((day) => (
                <Field key={day} label={WEEKDAY_NAMES[day]} name={`hours${day}`} error={errors[`hours${day}`]}>
                  {(props) => (
                    <input
                      {...props}
                      defaultValue={formatDayText(values?.businessHours?.[day])}
                      placeholder="Closed"
                      autoComplete="off"
                      spellCheck={false}
                      className={`${inputClasses} font-mono`}
                    />
                  )}
                </Field>
              ))}
            </div>
          </>
        ) : null}
        <Field
          label="Out-of-hours reply"
          hint="Sent automatically to someone who writes while you are closed, at most once in 12 hours per person (never after they opted out). Leave empty to send none."
          name="outOfHoursReply"
          error={errors.outOfHoursReply}
        >
          {(props) => (
            <textarea
              {...props}
              rows={2}
              defaultValue={values?.outOfHoursReply ?? ""}
              placeholder="Thanks for your message. We are closed now and will answer when we open at 09:00."
              className={inputClasses}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}
