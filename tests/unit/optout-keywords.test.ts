import { describe, expect, it } from "vitest";
import { formatOptOutDate, keywordOf, keywordOfInbound, optedOutReason, optOutRefusal, type SmsKeyword } from "@/lib/optout/keywords";

const out = (keyword: string): SmsKeyword => ({ action: "opt_out", keyword });
const into = (keyword: string): SmsKeyword => ({ action: "opt_in", keyword });
const help = (keyword: string): SmsKeyword => ({ action: "help", keyword });

describe("keywordOf (SPEC §12)", () => {
  it.each<[string | null, SmsKeyword | null]>([
    // Every keyword of the SPEC, in any case, trimmed.
    ["STOP", out("STOP")],
    ["stop", out("STOP")],
    ["Stop", out("STOP")],
    ["  sToP \n", out("STOP")],
    ["STOPALL", out("STOPALL")],
    ["unsubscribe", out("UNSUBSCRIBE")],
    ["Cancel", out("CANCEL")],
    ["end", out("END")],
    ["QUIT", out("QUIT")],
    ["revoke", out("REVOKE")],
    ["OptOut", out("OPTOUT")],
    ["START", into("START")],
    ["unstop", into("UNSTOP")],
    ["yes", into("YES")],
    [" Yes ", into("YES")],
    ["HELP", help("HELP")],
    ["info", help("INFO")],
    // Opt-out and HELP: punctuation, emoji and joiners around or inside the word are ignored.
    ["STOP.", out("STOP")],
    ["Stop!", out("STOP")],
    ["stop!!!", out("STOP")],
    ["“Stop”", out("STOP")],
    ["STOP 🛑", out("STOP")],
    ["\u200bSTOP\u200b", out("STOP")],
    ["ＳＴＯＰ", out("STOP")],
    ["opt out", out("OPTOUT")],
    ["Opt-Out", out("OPTOUT")],
    ["stop all", out("STOPALL")],
    ["Help?", help("HELP")],
    ["info.", help("INFO")],
    // Opt-in is exactly the SPEC's rule: the whole trimmed text, nothing else.
    ["Yes!", null],
    ["Yes.", null],
    ["yes please", null],
    ["start again", null],
    ["Start.", null],
    // In a sentence, a keyword is just a word.
    ["please stop by tomorrow", null],
    ["Stop by tomorrow", null],
    ["STOP STOP", null],
    ["don't stop", null],
    ["I need help", null],
    ["Can you help?", null],
    ["stopped", null],
    ["ending", null],
    ["#123 stop", null],
    ["stop #123", null],
    ["", null],
    ["   ", null],
    ["...", null],
    [null, null],
    [`STOP${" ".repeat(100)}`, null], // nobody pads a keyword that far; never read
    ["x".repeat(10_000), null],
  ])("%j → %j", (text, expected) => {
    expect(keywordOf(text)).toEqual(expected);
  });
});

describe("keywordOfInbound", () => {
  it("reads SMS and MMS on an SMS link", () => {
    expect(keywordOfInbound({ channel: "sms", text: "STOP" }, "sms")).toEqual(out("STOP"));
    expect(keywordOfInbound({ channel: "mms", text: "stop" }, "sms")).toEqual(out("STOP"));
  });

  it("never reads WhatsApp (not SMS): STOP there is just a message", () => {
    expect(keywordOfInbound({ channel: "whatsapp", text: "STOP" }, "whatsapp")).toBeNull();
    expect(keywordOfInbound({ channel: "whatsapp", text: "STOP" }, "sms")).toBeNull();
    expect(keywordOfInbound({ channel: "sms", text: "STOP" }, "whatsapp")).toBeNull();
  });
});

describe("the refusal's words", () => {
  it("names the number, the keyword, the day and the way back", () => {
    expect(optedOutReason("15551234567", { keyword: "STOP", since: new Date("2026-11-03T23:30:00Z") })).toBe(
      "+15551234567 opted out of messages from this number (STOP on 3 Nov 2026). They can send START to opt back in.",
    );
  });

  it("dates in UTC, whatever the server's zone", () => {
    expect(formatOptOutDate(new Date("2026-01-31T23:59:59Z"))).toBe("31 Jan 2026");
  });
});

describe("whether an outbound message may go (optOutRefusal)", () => {
  const optOut = { since: new Date("2026-11-03T10:00:00Z"), keyword: "STOP" };
  const reply = { channel: "sms", automaticKind: null, theirNumber: "15551234567" };
  it("holds back an SMS to an opted-out number, with the reason", () => {
    expect(optOutRefusal(reply, optOut)).toMatch(/^\+15551234567 opted out of messages from this number \(STOP on /);
    expect(optOutRefusal(reply, null)).toBeNull();
  });
  it("sends the confirmation only while they are opted out", () => {
    const confirmation = { ...reply, automaticKind: "opt_out_confirmation" };
    expect(optOutRefusal(confirmation, optOut)).toBeNull();
    expect(optOutRefusal(confirmation, null)).toMatch(/opted back in/);
  });
  it("never holds back WhatsApp (opt-outs are SMS's)", () => {
    expect(optOutRefusal({ ...reply, channel: "whatsapp" }, optOut)).toBeNull();
  });
});
