import { describe, expect, it } from "vitest";
import { describeDeliveryError, isNotSentNetworkError, isRetryableSendFailure } from "@/lib/outbound/delivery-errors";
import { checkReplyMessage, replyText } from "@/lib/outbound/reply-text";
import { countSms } from "@/lib/outbound/sms-parts";
import { whatsappWindow } from "@/lib/outbound/whatsapp-window";

describe("SMS length (GSM-7 vs UCS-2)", () => {
  it.each<[string, string, { encoding: string; units: number; parts: number }]>([
    ["empty", "", { encoding: "GSM-7", units: 0, parts: 0 }],
    ["one GSM-7 part, full", "a".repeat(160), { encoding: "GSM-7", units: 160, parts: 1 }],
    ["GSM-7 one over", "a".repeat(161), { encoding: "GSM-7", units: 161, parts: 2 }],
    ["GSM-7 two parts, full", "a".repeat(306), { encoding: "GSM-7", units: 306, parts: 2 }],
    ["GSM-7 three parts", "a".repeat(307), { encoding: "GSM-7", units: 307, parts: 3 }],
    ["extension characters take two septets", "€".repeat(80), { encoding: "GSM-7", units: 160, parts: 1 }],
    ["extension character pushes over", `${"a".repeat(159)}{`, { encoding: "GSM-7", units: 161, parts: 2 }],
    ["accented GSM-7 letters stay GSM-7", "é à ñ Ö", { encoding: "GSM-7", units: 7, parts: 1 }],
    ["one UCS-2 part, full", "ş".repeat(70), { encoding: "UCS-2", units: 70, parts: 1 }],
    ["UCS-2 one over", "ş".repeat(71), { encoding: "UCS-2", units: 71, parts: 2 }],
    ["an emoji makes it UCS-2, two units", `Hi 👋`, { encoding: "UCS-2", units: 5, parts: 1 }],
  ])("%s", (_, text, expected) => {
    expect(countSms(text)).toMatchObject(expected);
  });

  it("counts characters as people see them and what is left in the part", () => {
    expect(countSms("Hello 👋")).toMatchObject({ characters: 7, remainingInPart: 70 - 8 });
    expect(countSms("a".repeat(200))).toMatchObject({ parts: 2, remainingInPart: 306 - 200 });
  });
});

describe("reply text (SPEC §4)", () => {
  it("appends the reference after a space, trimmed", () => {
    expect(replyText("  We are on it \n", 123)).toBe("We are on it #123");
  });
  it("refuses empty and too long messages per channel", () => {
    expect(checkReplyMessage("   ", 1, "sms")).toMatch(/Type a message/);
    expect(checkReplyMessage("x".repeat(997), 1, "sms")).toBeNull(); // + " #1" = 1000
    expect(checkReplyMessage("x".repeat(998), 1, "sms")).toMatch(/too long: 1001 characters/);
    expect(checkReplyMessage("x".repeat(2000), 1, "whatsapp")).toBeNull();
  });
});

describe("WhatsApp 24-hour window", () => {
  const now = new Date("2026-11-22T12:00:00Z");
  it("is open for 24 hours after the person's last message", () => {
    expect(whatsappWindow(new Date("2026-11-21T12:00:01Z"), now)).toEqual({ open: true, closesAt: new Date("2026-11-22T12:00:01Z") });
    expect(whatsappWindow(new Date("2026-11-21T12:00:00Z"), now)).toMatchObject({ open: false });
  });
  it("is closed when the person never wrote", () => {
    expect(whatsappWindow(null, now)).toEqual({ open: false, lastInboundAt: null });
  });
});

describe("delivery errors", () => {
  it("reads 1340 as a plain sentence", () => {
    expect(describeDeliveryError("1340", "Outside of the allowed window")).toBe(
      "WhatsApp only allows free text within 24 hours of the person's last message.",
    );
  });
  it("shows Vonage's detail with its title otherwise", () => {
    expect(describeDeliveryError("Invalid params", "The value of `to` is not valid")).toBe("The value of `to` is not valid (Invalid params)");
    expect(describeDeliveryError(null, null)).toBe("Not delivered");
  });
  it("retries only what means 'not sent': connection refused, 429, 5xx", () => {
    expect([429, 500, 503].map((s) => isRetryableSendFailure(s))).toEqual([true, true, true]);
    expect([400, 401, 403, 404, 422].map((s) => isRetryableSendFailure(s))).toEqual([false, false, false, false, false]);
    expect(isRetryableSendFailure(null, true)).toBe(true);
    // A timeout or a reset connection: it may have been sent, so never again by itself.
    expect(isRetryableSendFailure(null, false)).toBe(false);
    expect(["ECONNREFUSED", "ENOTFOUND", "UND_ERR_CONNECT_TIMEOUT"].map(isNotSentNetworkError)).toEqual([true, true, true]);
    expect(["ECONNRESET", "UND_ERR_SOCKET", undefined].map(isNotSentNetworkError)).toEqual([false, false, false]);
  });
});
