// Outgoing webhooks' pure rules (SPEC §15): the signature recipe, the retry schedule, the URL rules.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_SECONDS, nextAttempt, RETRY_WINDOW_MS, retryDelaySeconds } from "@/lib/webhooks/backoff";
import { signatureHeader, verifySignature } from "@/lib/webhooks/signature";
import { checkWebhookUrl, insecureWebhooksAllowed, isPublicAddress } from "@/lib/webhooks/url-rules";
import { webhookPayloadSchema, WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

describe("the signature", () => {
  const secret = "whsec_test";
  const body = '{"id":"e1","type":"case.created"}';

  it("is t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'> keyed with the secret as written", () => {
    const header = signatureHeader(secret, body, 1_700_000_000);
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it("verifies with the same secret, body and a recent time only", () => {
    const header = signatureHeader(secret, body, 1_700_000_000);
    expect(verifySignature({ secret, header, body, nowSeconds: 1_700_000_010 })).toBe(true);
    expect(verifySignature({ secret: "whsec_other", header, body, nowSeconds: 1_700_000_010 })).toBe(false);
    expect(verifySignature({ secret, header, body: body + " ", nowSeconds: 1_700_000_010 })).toBe(false);
    expect(verifySignature({ secret, header, body, nowSeconds: 1_700_000_000 + 301 })).toBe(false);
    expect(verifySignature({ secret, header: header.replace("t=1700000000", "t=1700000001"), body, nowSeconds: 1_700_000_010 })).toBe(false);
    expect(verifySignature({ secret, header: null, body })).toBe(false);
    expect(verifySignature({ secret, header: "t=abc,v1=00", body })).toBe(false);
  });
});

describe("the retry schedule", () => {
  it("starts at the base and doubles, capped at an hour, with at most ±20 % jitter", () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 10, 0.5))).toEqual([10, 20, 40, 80]);
    expect(retryDelaySeconds(20, 10, 0.5)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(1, 10, 0)).toBe(8);
    expect(retryDelaySeconds(1, 10, 1)).toBe(12);
    expect(retryDelaySeconds(500, 10, 1)).toBe(MAX_RETRY_DELAY_SECONDS * 1.2);
  });

  it("retries until 24 hours after the event, the last attempt at the end of the window, then stops", () => {
    const eventAt = new Date("2026-01-01T00:00:00Z");
    const later = (ms: number) => new Date(eventAt.getTime() + ms);
    expect(nextAttempt({ eventAt, now: later(1000), attempts: 1, baseSeconds: 10, random: 0.5 })).toEqual({ retry: true, at: later(11_000) });
    expect(nextAttempt({ eventAt, now: later(RETRY_WINDOW_MS - 60_000), attempts: 30, baseSeconds: 10, random: 0.5 })).toEqual({
      retry: true,
      at: later(RETRY_WINDOW_MS),
    });
    expect(nextAttempt({ eventAt, now: later(RETRY_WINDOW_MS), attempts: 31, baseSeconds: 10, random: 0.5 })).toEqual({ retry: false });
  });

  it("makes about 30 attempts in the 24 hours at the default base", () => {
    const eventAt = new Date(0);
    let now = eventAt;
    let attempts = 1;
    for (;;) {
      const next = nextAttempt({ eventAt, now, attempts, baseSeconds: 10, random: 0.5 });
      if (!next.retry) break;
      now = next.at;
      attempts++;
    }
    expect(attempts).toBeGreaterThan(25);
    expect(attempts).toBeLessThan(40);
  });
});

describe("webhook URLs", () => {
  const secure = { allowInsecure: false };
  const insecure = { allowInsecure: true };

  it.each([
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "127.0.0.1",
    "127.8.9.10",
    "169.254.169.254",
    "0.0.0.0",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:7f00:1",
    "::ffff:192.168.0.1",
  ])("%s is not a public address", (address) => {
    expect(isPublicAddress(address)).toBe(false);
    const host = address.includes(":") ? `[${address}]` : address;
    const checked = checkWebhookUrl(`https://${host}/hook`, secure);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? "" : checked.error).toMatch(/private, loopback or reserved/);
  });

  it.each(["8.8.8.8", "172.32.0.1", "192.169.0.1", "11.0.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it("needs https and a public host, unless insecure URLs are allowed", () => {
    expect(checkWebhookUrl("https://hooks.example.com/in?x=1#frag", secure)).toEqual({ ok: true, url: "https://hooks.example.com/in?x=1", hostname: "hooks.example.com" });
    expect(checkWebhookUrl("http://hooks.example.com/in", secure)).toMatchObject({ ok: false, error: expect.stringMatching(/https:\/\//) });
    expect(checkWebhookUrl("https://localhost:8080/", secure)).toMatchObject({ ok: false });
    expect(checkWebhookUrl("https://api.localhost/", secure)).toMatchObject({ ok: false });
    expect(checkWebhookUrl("https://2130706433/", secure)).toMatchObject({ ok: false }); // 127.0.0.1 written as a number
    expect(checkWebhookUrl("http://127.0.0.1:9000/hook", insecure)).toMatchObject({ ok: true, url: "http://127.0.0.1:9000/hook" });
    expect(checkWebhookUrl("http://localhost/hook", insecure)).toMatchObject({ ok: true });
  });

  it("refuses what is not a usable URL, and credentials in it", () => {
    for (const url of ["", "   ", "hooks.example.com", "ftp://hooks.example.com/", "javascript:alert(1)", `https://e.com/${"a".repeat(2001)}`]) {
      expect(checkWebhookUrl(url, insecure).ok, url).toBe(false);
    }
    expect(checkWebhookUrl("https://user:pass@hooks.example.com/", insecure)).toMatchObject({ ok: false, error: expect.stringMatching(/signed/) });
  });

  it("allows insecure URLs in development and tests, or when switched on", () => {
    expect(insecureWebhooksAllowed({ NODE_ENV: "production" })).toBe(false);
    expect(insecureWebhooksAllowed({})).toBe(false);
    expect(insecureWebhooksAllowed({ NODE_ENV: "production", CASELINE_ALLOW_INSECURE_WEBHOOKS: true })).toBe(true);
    expect(insecureWebhooksAllowed({ NODE_ENV: "development" })).toBe(true);
    expect(insecureWebhooksAllowed({ NODE_ENV: "test" })).toBe(true);
  });
});

describe("event payloads", () => {
  it("every event type has a payload schema", () => {
    for (const type of WEBHOOK_EVENT_TYPES) {
      expect(webhookPayloadSchema(type).safeParse({ id: "x", type, createdAt: "2026-01-01T00:00:00.000Z", data: {} }).success).toBe(false);
    }
  });
});
