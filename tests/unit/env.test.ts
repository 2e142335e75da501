import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/config/env";

describe("settings from the environment", () => {
  it("gives every setting its default when nothing is set", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      DATABASE_POOL_SIZE: 10,
      CASELINE_DATA_DIR: ".data",
      PORT: 3000,
      VONAGE_MAX_RPS: 30,
      SEND_RETRY_LIMIT: 8,
      SEND_RETRY_DELAY_SECONDS: 5,
      SEND_TIMEOUT_MS: 20_000,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.MESSAGING_PROVIDER).toBeUndefined();
  });

  it("reads numbers and choices, and takes an empty value as unset", () => {
    const env = parseEnv({ VONAGE_MAX_RPS: "12", SEND_RETRY_DELAY_SECONDS: "0", MESSAGING_PROVIDER: "vonage", VONAGE_API_HOST: "", PORT: "" });
    expect(env.VONAGE_MAX_RPS).toBe(12);
    expect(env.SEND_RETRY_DELAY_SECONDS).toBe(0);
    expect(env.MESSAGING_PROVIDER).toBe("vonage");
    expect(env.VONAGE_API_HOST).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it.each([
    ["VONAGE_MAX_RPS", "abc", /VONAGE_MAX_RPS must be a whole number ≥ 1 \(got "abc"\)/],
    ["VONAGE_MAX_RPS", "0", /VONAGE_MAX_RPS must be a whole number ≥ 1/],
    ["DATABASE_POOL_SIZE", "2.5", /DATABASE_POOL_SIZE must be a whole number/],
    ["PORT", "70000", /PORT must be a whole number ≥ 1 and ≤ 65535/],
    ["MESSAGING_PROVIDER", "twilio", /MESSAGING_PROVIDER must be "vonage" or "simulator"/],
    ["CASELINE_WORKER", "yes", /CASELINE_WORKER must be "external" or unset/],
    ["DATABASE_URL", "mysql://x", /DATABASE_URL must be a URL starting with postgres:\/\//],
    ["VONAGE_API_HOST", "api.nexmo.com", /VONAGE_API_HOST must be a URL starting with http:\/\/ or https:\/\//],
    ["VONAGE_MEDIA_HOSTS", "https://media.example.org", /VONAGE_MEDIA_HOSTS must list host names: "https:\/\/media.example.org" is not a host name/],
    ["MEDIA_RETRY_BASE_SECONDS", "-1", /MEDIA_RETRY_BASE_SECONDS must be a whole number ≥ 0/],
  ])("refuses %s=%s with a message naming the variable", (name, value, message) => {
    expect(() => parseEnv({ [name]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [name]: value })).toThrow(message);
  });

  it("names every bad variable at once and never repeats a secret's value", () => {
    try {
      parseEnv({ VONAGE_MAX_RPS: "-1", SEND_TIMEOUT_MS: "soon", DATABASE_URL: "secret-password-in-url" });
      expect.unreachable();
    } catch (error) {
      expect((error as EnvError).problems).toHaveLength(3);
      expect((error as Error).message).toMatch(/VONAGE_MAX_RPS/);
      expect((error as Error).message).toMatch(/SEND_TIMEOUT_MS/);
    }
  });
});

describe("the value of a secret-bearing variable", () => {
  it("is left out of the message", () => {
    expect(() => parseEnv({ DATABASE_URL: "secret-password-in-url" })).toThrow(/^(?![\s\S]*secret-password-in-url)/);
  });
});

describe("the send retry policy", () => {
  it("rides out at least 15 minutes of outage by default", async () => {
    const { sendQueueOptions } = await import("@/lib/jobs/send-queue");
    const { retryLimit, retryDelay, retryBackoff } = sendQueueOptions(parseEnv({}));
    expect(retryBackoff).toBe(true);
    // pg-boss waits retryDelay · 2^n (to twice that, at random) before retry n + 1.
    const shortestSpan = Array.from({ length: retryLimit }, (_, n) => retryDelay * 2 ** n).reduce((a, b) => a + b, 0);
    expect(shortestSpan).toBeGreaterThanOrEqual(15 * 60);
  });
});
