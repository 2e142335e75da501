import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/config/env";
import { caseLink, escapeHtml, renderNotificationEmail } from "@/lib/mail/render-notification";
import { mailSettings } from "@/lib/mail/settings";
import { smtpConnectionFromUrl } from "@/lib/mail/smtp-url";
import { EMAIL_THROTTLE_MINUTES, throttleCutoff } from "@/lib/mail/throttle-rule";

const base = { caseId: 42, caseTitle: "Broken tap", actorName: "Ada", data: {}, baseUrl: "https://caseline.example.org/" };

describe("the 10-minute rule", () => {
  const now = new Date("2026-03-02T10:00:00Z");
  it("cuts off 10 minutes back", () => {
    expect(EMAIL_THROTTLE_MINUTES).toBe(10);
    expect(throttleCutoff(now).toISOString()).toBe("2026-03-02T09:50:00.000Z");
  });
});

describe("the email of a notification (the bell's words, then the title)", () => {
  it.each([
    ["assigned", {}, "Ada assigned #42 to you: Broken tap"],
    ["mentioned", {}, "Ada mentioned you in #42: Broken tap"],
    ["new_message", {}, "New message in #42: Broken tap"],
    ["sla_breached", { kind: "first_response" }, "First response overdue on #42: Broken tap"],
    ["sla_breached", { kind: "next_response" }, "Next response overdue on #42: Broken tap"],
  ] as const)("%s: %s", (kind, data, subject) => {
    const email = renderNotificationEmail({ ...base, kind, data });
    expect(email.subject).toBe(subject);
    expect(email.text).toContain("https://caseline.example.org/console/cases/42");
    expect(email.html).toContain('href="https://caseline.example.org/console/cases/42"');
  });

  it("names someone when the actor is gone, and only the case number when it has no title", () => {
    expect(renderNotificationEmail({ ...base, kind: "assigned", actorName: null, caseTitle: "" }).subject).toBe("Someone assigned #42 to you");
  });

  it("keeps the subject on one line and the title out of the HTML's markup", () => {
    const email = renderNotificationEmail({ ...base, kind: "assigned", caseTitle: 'Leak\r\nBcc: x@evil.example <script>alert("x")</script>' });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe("&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("links under the public address, with or without a trailing slash", () => {
    expect(caseLink("https://c.example.org", 7)).toBe("https://c.example.org/console/cases/7");
    expect(caseLink("https://c.example.org/base//", 7)).toBe("https://c.example.org/base/console/cases/7");
  });
});

describe("email settings from the environment", () => {
  it("is off without SMTP_URL", () => {
    expect(mailSettings(parseEnv({}))).toEqual({ enabled: false });
  });

  it("is on with SMTP_URL and MAIL_FROM, with retry defaults, and never shows the password", () => {
    const settings = mailSettings(parseEnv({ SMTP_URL: "smtps://user:s3cret@mail.example.org:465", MAIL_FROM: "Caseline <c@example.org>" }));
    expect(settings).toMatchObject({ enabled: true, from: "Caseline <c@example.org>", server: "smtps://mail.example.org:465", retryLimit: 7, retryDelaySeconds: 60 });
  });

  it("refuses SMTP_URL without MAIL_FROM, and a URL that is not SMTP, without echoing it", () => {
    expect(() => parseEnv({ SMTP_URL: "smtp://mail.example.org" })).toThrow(/MAIL_FROM must be set when SMTP_URL is/);
    expect(() => parseEnv({ SMTP_URL: "https://user:pw@mail.example.org", MAIL_FROM: "x@example.org" })).toThrow(/SMTP_URL must be a URL starting with smtp:\/\/ or smtps:\/\/$/m);
    try {
      parseEnv({ SMTP_URL: "https://user:pw@mail.example.org", MAIL_FROM: "x@example.org" });
    } catch (error) {
      expect(String(error)).not.toContain("pw@");
    }
    expect(() => parseEnv({ EMAIL_RETRY_LIMIT: "-1" })).toThrow(/EMAIL_RETRY_LIMIT must be a whole number ≥ 0/);
  });
});

describe("SMTP_URL as connection options", () => {
  it.each([
    ["smtp://mail.example.org", { host: "mail.example.org", port: 587, secure: false }],
    ["smtps://mail.example.org", { host: "mail.example.org", port: 465, secure: true }],
    ["smtp://u%40x.org:p%3Ass@127.0.0.1:2525", { host: "127.0.0.1", port: 2525, secure: false, auth: { user: "u@x.org", pass: "p:ss" } }],
    ["smtp://[::1]:25?requireTLS=true&tls.rejectUnauthorized=false", { host: "::1", port: 25, secure: false, requireTLS: true, tls: { rejectUnauthorized: false } }],
    ["smtp://mail.example.org:25?ignoreTLS=true", { host: "mail.example.org", port: 25, secure: false, ignoreTLS: true }],
  ])("%s", (url, expected) => {
    expect(smtpConnectionFromUrl(url)).toEqual(expected);
  });
  it("refuses other schemes", () => {
    expect(() => smtpConnectionFromUrl("https://mail.example.org")).toThrow(/smtp:\/\/ or smtps:\/\//);
  });
});
