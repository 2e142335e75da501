// Issue "nothing stops Caseline" §10: a change of a survey's case settings and a message
// routed into that survey at the same instant. The editor recomputes every case's open flag;
// a case created by routing meanwhile must not keep a flag from the old settings.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/vonage/inbound/route";
import { createUser } from "@/lib/auth/users";
import { getDb, getSql } from "@/lib/db/client";
import { cases, surveys } from "@/lib/db/schema";
import { saveCaseSettings } from "@/lib/surveys/editor";
import { createLink, createSurvey } from "../support/seed";
import { inboundSms, signedRequest, useWebhookSecret } from "../support/webhooks";

const N = "447700900000";

describe("routing while the case settings change", () => {
  it("never leaves a new case with an open flag from the settings before the change", async () => {
    useWebhookSecret();
    const owner = await createUser({ email: "owner@settings.test", role: "owner", password: "password1" });
    const actor = { id: owner.id, email: owner.email, name: "", role: "owner" as const };
    // Cases off then on, 40 times: a new case is closed (a plain record) while cases are
    // off and open while they are on; each change recomputes every existing case.
    const survey = await createSurvey();
    await createLink({ ourNumber: N, surveyId: survey.id });
    let flips = 0;
    const editor = (async () => {
      for (let i = 0; i < 40; i++) {
        const on = i % 2 === 1;
        const result = await saveCaseSettings(actor, survey.id, {
          statusQuestionId: on ? survey.statusQuestionId : null,
          closingValue: on ? "resolved" : "",
          defaultStatus: on ? "new" : "",
        });
        expect(result).toMatchObject({ ok: true });
        flips++;
      }
    })();
    const senders = Array.from({ length: 8 }, async (_, worker) => {
      for (let i = 0; i < 25; i++) {
        // Every message from a new number: each creates a case with the default status.
        const from = `4477008${String(worker).padStart(2, "0")}${String(i).padStart(3, "0")}`;
        const response = await POST(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to: N, text: "Hello" })));
        expect(response.status).toBe(200);
      }
    });
    await Promise.all([editor, ...senders]);
    expect(flips).toBe(40);

    // The last change turned cases on (closing value "resolved"): every case must be open
    // unless its status answer is "resolved" — the ones routed while cases were off too.
    const [settings] = await getDb().select({ closingValue: surveys.closingValue }).from(surveys).where(eq(surveys.id, survey.id));
    expect(settings!.closingValue).toBe("resolved");
    const wrong = await getDb()
      .select({ id: cases.id, answers: cases.answers, open: cases.open })
      .from(cases)
      .where(sql`${cases.surveyId} = ${survey.id} and ${cases.open} is distinct from ((${cases.answers} ->> 'status') is distinct from 'resolved')`);
    expect(await getDb().$count(cases, eq(cases.surveyId, survey.id))).toBe(200);
    expect(wrong).toEqual([]);
  });
});

describe("a message routed while the editor is mid-change", () => {
  it("waits for the change and creates its case with the new settings", async () => {
    useWebhookSecret();
    const owner = await createUser({ email: "owner2@settings.test", role: "owner", password: "password1" });
    const actor = { id: owner.id, email: owner.email, name: "", role: "owner" as const };
    const survey = await createSurvey({ name: "Mid-change", casesEnabled: false });
    await createLink({ ourNumber: "447700900111", surveyId: survey.id });
    // Hold the editor inside its transaction for a moment, right where it writes the settings.
    await getSql().unsafe(`
      create function slow_survey_update() returns trigger language plpgsql as $$
      begin perform pg_sleep(0.5); return new; end $$;
      create trigger slow_survey_update before update on surveys for each row execute function slow_survey_update();`);
    try {
      const change = saveCaseSettings(actor, survey.id, { statusQuestionId: survey.statusQuestionId, closingValue: "resolved", defaultStatus: "new" });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const from = "447700912345";
      const routed = POST(signedRequest("http://localhost/api/vonage/inbound", inboundSms({ from, to: "447700900111", text: "Hello" })));
      expect(await change).toMatchObject({ ok: true });
      expect((await routed).status).toBe(200);
      const [kase] = await getDb().select({ open: cases.open, status: cases.status }).from(cases).where(eq(cases.theirNumber, from));
      // Cases are on now: the new case is open with the default status, not a closed record.
      expect(kase).toEqual({ open: true, status: "new" });
    } finally {
      await getSql().unsafe(`drop trigger slow_survey_update on surveys; drop function slow_survey_update();`);
    }
  });
});
