// SPEC §10 with the built-in simulator as the provider: the worker sends through the real SDK to
// the simulator's fake Messages API, which reports back through the signed status webhook —
// the whole path of a template, served here by a small HTTP server in front of the app's own
// route handlers (as the running app would serve them).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as simulatorMessages } from "@/app/api/simulator/v1/messages/route";
import { POST as statusWebhook } from "@/app/api/vonage/status/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getCaseDetail } from "@/lib/cases/read-queries";
import { getSql } from "@/lib/db/client";
import { describeDeliveryError } from "@/lib/outbound/delivery-errors";
import { queueReply } from "@/lib/outbound/queue-reply";
import { acceptMessage } from "@/lib/simulator/messages-api";
import { createTemplate, deleteTemplate } from "@/lib/templates/templates";
import { startSendWorker, type SendWorker } from "@/lib/worker/worker";
import { count } from "../support/inspect";
import { caseFrom, messageRow, newKey } from "../support/replies";
import { asUser, createLink, createSurvey } from "../support/seed";
import { waitFor } from "../support/wait";
import { useWebhookSecret } from "../support/webhooks";

const WA = "447700900020";
const WA_OTHER = "447700900021";
let app: http.Server;
let worker: SendWorker | null = null;
let admin: CurrentUser;

const ROUTES: Record<string, (request: Request) => Promise<Response>> = {
  "/api/simulator/v1/messages": simulatorMessages,
  "/api/vonage/status": statusWebhook,
};

beforeAll(async () => {
  useWebhookSecret();
  delete process.env.MESSAGING_PROVIDER;
  delete process.env.VONAGE_API_HOST;
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  app = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const route = req.method === "POST" ? ROUTES[req.url ?? ""] : undefined;
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const response = await route(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }));
      res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  process.env.CASELINE_INTERNAL_URL = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;

  const survey = await createSurvey({ name: "Clinic" });
  await createLink({ ourNumber: WA, surveyId: survey.id, channel: "whatsapp" });
  await createLink({ ourNumber: WA_OTHER, surveyId: survey.id, channel: "whatsapp" });
  admin = asUser(await createUser({ email: "admin@example.com", role: "admin", password: "password-1" }));
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => app.close(resolve));
});

const phoneShows = (theirNumber: string) =>
  getSql()<Array<{ text: string; outcome: string | null }>>`select text, outcome from simulator_messages where their_number = ${theirNumber} and direction = 'to_phone' order by id`;

describe("templates through the simulator", () => {
  it("delivers a known template outside the window, filled in on the phone; rejects one the number does not have with 1022", async () => {
    const reminder = await createTemplate(admin, { name: "appointment_reminder", locale: "en", body: "Hi {{1}}, see you on {{2}}.", numbers: [WA] });
    const goodbye = await createTemplate(admin, { name: "goodbye_note", locale: "en", body: "Goodbye {{1}}.", numbers: [WA] });
    if (!reminder.ok || !goodbye.ok) throw new Error("templates not made");
    const dayAgo = new Date(Date.now() - 30 * 3600_000);
    const known = "447700955501";
    const unknown = "447700955502";
    const knownCase = await caseFrom({ from: known, to: WA, channel: "whatsapp", at: dayAgo });
    const unknownCase = await caseFrom({ from: unknown, to: WA, channel: "whatsapp", at: dayAgo });

    const sent = await queueReply(admin, { caseId: knownCase.id, template: { name: "appointment_reminder", parameters: ["Sam", "Tuesday"] }, idempotencyKey: newKey() });
    const refused = await queueReply(admin, { caseId: unknownCase.id, template: { name: "goodbye_note", parameters: ["Alex"] }, idempotencyKey: newKey() });
    if (sent.status !== "queued" || refused.status !== "queued") throw new Error("not queued");
    // Queued while Caseline had it; gone before it was sent — as a template missing in the
    // WhatsApp Business account would be.
    await deleteTemplate(admin, goodbye.template.id);
    worker = await startSendWorker({ connectionString: process.env.DATABASE_URL!, log: () => {} });

    const delivered = await waitFor(async () => {
      const m = await messageRow(sent.messageId);
      return (m.status === "delivered" || m.status === "read") && m;
    }, { what: "the template delivered" });
    expect(delivered.text).toBe("Hi Sam, see you on Tuesday.");
    expect((await phoneShows(known))[0]).toMatchObject({ text: "Hi Sam, see you on Tuesday." });

    const rejected = await waitFor(async () => {
      const m = await messageRow(refused.messageId);
      return m.status === "rejected" && m;
    }, { what: "the unknown template rejected" });
    expect(rejected).toMatchObject({ errorCode: "1022", errorDetail: expect.stringContaining("Template does not exist") });
    const detail = await getCaseDetail(admin, unknownCase.id);
    const message = detail.messages.find((m) => m.id === refused.messageId)!;
    expect(describeDeliveryError(message.error!.code, message.error!.detail)).toMatch(/no approved template of this name and language/);
    const phone = await waitFor(async () => {
      const rows = await phoneShows(unknown);
      return rows[0]?.outcome === "rejected_template" && rows;
    }, { what: "the phone's outcome" });
    expect(phone[0]!.text).toBe("Template “goodbye_note” (en): Alex");
  });

  it("answers like Vonage: a template on SMS is 422; another number's template or wrong parameters are rejected after the 202", async () => {
    await createTemplate(admin, { name: "other_number_only", locale: "en", body: "Hello {{1}}", numbers: [WA_OTHER] });
    const before = await count("simulator_messages");
    const sms = await acceptMessage({
      channel: "sms",
      message_type: "template",
      to: "447700955503",
      from: WA,
      whatsapp: { policy: "deterministic", locale: "en" },
      template: { name: "other_number_only", parameters: ["x"] },
    });
    expect(sms.status).toBe(422);
    expect(await count("simulator_messages")).toBe(before);

    const template = (name: string, parameters: string[]) => ({
      channel: "whatsapp",
      message_type: "template",
      to: "447700955504",
      from: WA,
      whatsapp: { policy: "deterministic", locale: "en" },
      template: { name, parameters },
      client_ref: "x",
    });
    expect((await acceptMessage(template("other_number_only", ["x"]))).status).toBe(202);
    expect((await acceptMessage(template("appointment_reminder", ["Sam"]))).status).toBe(202);
    const rows = await waitFor(async () => {
      const shown = await phoneShows("447700955504");
      return shown.length === 2 && shown.every((r) => r.outcome !== "accepted") && shown;
    }, { what: "both rejected" });
    expect(rows.map((r) => r.outcome)).toEqual(["rejected_template", "rejected_parameters"]);
  });
});
