// The built-in carrier simulator: its fake Messages API answers like Vonage, and every
// simulator route answers 404 once the provider is Vonage.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as messagesApi } from "@/app/api/simulator/v1/messages/route";
import type { CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { SIMULATOR_API_KEY, simulatorApiSecret } from "@/lib/crypto/secret-box";
import { getSql } from "@/lib/db/client";
import { listPhones, sendFromPhone } from "@/lib/simulator/phones";
import { count } from "../support/inspect";
import { createLink, createSurvey } from "../support/seed";

const N = "447700900000";
let owner: CurrentUser;
let staff: CurrentUser;

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString("base64")}`;
const simulatorAuth = () => basic(SIMULATOR_API_KEY, simulatorApiSecret());

const call = (body: unknown, authorization: string | null = simulatorAuth()) =>
  messagesApi(
    new Request("http://localhost/api/simulator/v1/messages", {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );

beforeAll(async () => {
  delete process.env.MESSAGING_PROVIDER;
  process.env.AUTH_SECRET ??= "integration-test-auth-secret-0123456789";
  // Nothing listens here: the simulator's status reports fail quietly in this test.
  process.env.CASELINE_INTERNAL_URL = "http://127.0.0.1:9";
  const survey = await createSurvey({ name: "Support" });
  await createLink({ ourNumber: N, surveyId: survey.id });
  const o = await createUser({ email: "owner@example.com", role: "owner", password: "password-1" });
  const s = await createUser({ email: "staff@example.com", role: "staff", password: "password-1" });
  owner = { id: o.id, email: o.email, name: o.name, role: o.role };
  staff = { id: s.id, email: s.email, name: s.name, role: s.role };
});

afterEach(async () => {
  await getSql()`delete from server_settings`;
});

describe("the simulator's Messages API", () => {
  it("answers 202 with a message_uuid, like Vonage, and hands the text to the virtual phone", async () => {
    const response = await call({ channel: "sms", message_type: "text", to: "447700900123", from: N, text: "Hi #1", client_ref: "1" });
    expect(response.status).toBe(202);
    const { message_uuid } = (await response.json()) as { message_uuid: string };
    const [row] = await getSql()`select direction, their_number, text from simulator_messages where message_uuid = ${message_uuid}`;
    expect(row).toMatchObject({ direction: "to_phone", their_number: "447700900123", text: "Hi #1" });
  });

  it.each<[string, unknown, string | null, number]>([
    ["no credentials", { channel: "sms", message_type: "text", to: "447700900123", from: N, text: "Hi" }, null, 401],
    ["any bearer token", { channel: "sms", message_type: "text", to: "447700900123", from: N, text: "Hi" }, "Bearer eyJ.x.y", 401],
    ["a wrong secret", { channel: "sms", message_type: "text", to: "447700900123", from: N, text: "Hi" }, basic(SIMULATOR_API_KEY, "guess"), 401],
    ["not JSON", "{oops", "", 422],
    ["a bad number", { channel: "sms", message_type: "text", to: "+44 7700", from: N, text: "Hi" }, "", 422],
    ["an unknown channel", { channel: "fax", message_type: "text", to: "447700900123", from: N, text: "Hi" }, "", 422],
    ["a body over 64 KB", { channel: "sms", message_type: "text", to: "447700900123", from: N, text: "x".repeat(70_000) }, "", 413],
  ])("%s → %s and nothing stored", async (_, body, authorization, status) => {
    const before = await count("simulator_messages");
    const response = await call(body, authorization === "" ? simulatorAuth() : authorization);
    expect(response.status).toBe(status);
    expect(await count("simulator_messages")).toBe(before);
  });

  it("answers 404 everywhere once the provider is Vonage", async () => {
    await getSql()`insert into server_settings (id, provider) values (1, 'vonage')`;
    const before = await count("simulator_messages");
    expect((await call({ channel: "sms", message_type: "text", to: "447700900123", from: N, text: "Hi" })).status).toBe(404);
    await expect(listPhones(owner)).rejects.toMatchObject({ code: "not_found" });
    await expect(sendFromPhone(owner, { ourNumber: N, theirNumber: "447700900123", text: "Hi" })).rejects.toMatchObject({ code: "not_found" });
    expect(await count("simulator_messages")).toBe(before);
  });

  it("virtual phones are for owners and admins only", async () => {
    await expect(listPhones(staff)).rejects.toMatchObject({ code: "not_found" });
    await expect(sendFromPhone(staff, { ourNumber: N, theirNumber: "447700900123", text: "Hi" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("a virtual phone refuses a number that is not one of ours, and a bad phone number", async () => {
    await expect(sendFromPhone(owner, { ourNumber: "447700999999", theirNumber: "447700900123", text: "Hi" })).rejects.toThrow(/Pick one of your numbers/);
    await expect(sendFromPhone(owner, { ourNumber: N, theirNumber: "abc", text: "Hi" })).rejects.toMatchObject({ code: "bad_request" });
  });
});
