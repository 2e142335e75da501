// SPEC §11 Outbound: what a reply may carry, per channel (the composer and the server use
// these same rules).
import { describe, expect, it } from "vitest";
import {
  checkAttachment,
  checkCaption,
  checkUpload,
  cleanFileName,
  formatBytes,
  matchesSignature,
  MAX_CAPTION_LENGTH,
  MB,
  mediaKindOf,
  normaliseContentType,
  SMS_REFUSAL,
  urlSafeFileName,
} from "@/lib/media/outbound-rules";

describe("the kind of a file (Vonage's message_type)", () => {
  it.each([
    ["image/jpeg", "image"],
    ["image/png", "image"],
    ["audio/mpeg", "audio"],
    ["audio/ogg", "audio"],
    ["audio/aac", "audio"],
    ["audio/amr", "audio"],
    ["audio/mp4", "audio"],
    ["video/mp4", "video"],
    ["video/3gpp", "video"],
    ["application/pdf", "file"],
    ["text/plain", "file"],
    ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "file"],
  ])("%s → %s", (type, kind) => {
    expect(mediaKindOf(type)).toBe(kind);
  });
});

describe("content types", () => {
  it("drops parameters, lower-cases and folds aliases", () => {
    expect(normaliseContentType("Image/JPG", "a.jpg")).toBe("image/jpeg");
    expect(normaliseContentType("text/plain; charset=utf-8", "a.txt")).toBe("text/plain");
    expect(normaliseContentType("audio/mp3", "a.mp3")).toBe("audio/mpeg");
  });

  it("guesses from the name when no type, or only octet-stream, was given", () => {
    expect(normaliseContentType(null, "Invoice.PDF")).toBe("application/pdf");
    expect(normaliseContentType("application/octet-stream", "photo.jpeg")).toBe("image/jpeg");
    expect(normaliseContentType("", "clip.3gp")).toBe("video/3gpp");
    expect(normaliseContentType(null, "noextension")).toBeNull();
    expect(normaliseContentType(null, "setup.exe")).toBeNull();
  });
});

describe("what an upload may be", () => {
  it("takes every type WhatsApp can send, up to 100 MB", () => {
    expect(checkUpload({ contentType: "application/pdf", size: 100 * MB })).toEqual({ ok: true, kind: "file" });
    expect(checkUpload({ contentType: "image/png", size: null })).toEqual({ ok: true, kind: "image" });
  });

  it.each([
    ["text/html", /This kind of file \(text\/html\) cannot be sent/],
    ["image/svg+xml", /cannot be sent/],
    ["image/gif", /cannot be sent/],
    ["application/x-msdownload", /cannot be sent/],
    [null, /^This kind of file cannot be sent/],
  ])("refuses %s, saying what WhatsApp takes", (type, reason) => {
    const check = checkUpload({ contentType: type, size: 10 });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
    expect(!check.ok && check.reason).toMatch(/JPEG, PNG/);
  });

  it("refuses more than 100 MB and an empty file", () => {
    expect(checkUpload({ contentType: "application/pdf", size: 100 * MB + 1 })).toEqual({ ok: false, reason: "The file is too large: 100 MB. A file can be at most 100 MB." });
    expect(checkUpload({ contentType: "application/pdf", size: 101 * MB })).toMatchObject({ ok: false, reason: expect.stringMatching(/101 MB/) });
    expect(checkUpload({ contentType: "application/pdf", size: 0 })).toEqual({ ok: false, reason: "The file is empty." });
  });
});

describe("what a reply may carry, per channel", () => {
  it("SMS carries no files, whatever they are", () => {
    for (const contentType of ["image/png", "application/pdf", "audio/mpeg"]) {
      expect(checkAttachment({ channel: "sms", contentType, size: 1000 })).toEqual({ ok: false, reason: SMS_REFUSAL });
    }
    expect(SMS_REFUSAL).toBe("SMS cannot carry files: send a link, or use a WhatsApp number.");
  });

  it.each([
    ["image/jpeg", 5 * MB, "image"],
    ["image/png", 5 * MB, "image"],
    ["audio/ogg", 16 * MB, "audio"],
    ["video/mp4", 16 * MB, "video"],
    ["application/pdf", 100 * MB, "file"],
  ])("WhatsApp takes %s up to its limit (%d bytes) and not a byte more", (contentType, limit, kind) => {
    expect(checkAttachment({ channel: "whatsapp", contentType, size: limit })).toEqual({ ok: true, kind });
    const over = checkAttachment({ channel: "whatsapp", contentType, size: limit + 1 });
    expect(over.ok).toBe(false);
    expect(!over.ok && over.reason).toMatch(/^The file is too large: .* at most .* MB/);
  });

  it("says what was too large and the limit", () => {
    expect(checkAttachment({ channel: "whatsapp", contentType: "image/png", size: 6 * MB })).toEqual({
      ok: false,
      reason: "The file is too large: 6 MB. An image (JPEG or PNG) can be at most 5 MB on WhatsApp.",
    });
  });

  it("refuses on WhatsApp what no channel takes", () => {
    expect(checkAttachment({ channel: "whatsapp", contentType: "text/html", size: 10 })).toMatchObject({ ok: false });
  });
});

describe("captions", () => {
  it("go with images, videos and documents, up to 1024 characters", () => {
    for (const kind of ["image", "video", "file"] as const) {
      expect(checkCaption(kind, "Here it is #12")).toBeNull();
      expect(checkCaption(kind, "a".repeat(MAX_CAPTION_LENGTH))).toBeNull();
      expect(checkCaption(kind, "a".repeat(MAX_CAPTION_LENGTH + 1))).toMatch(/too long .* 1025 characters .* at most 1024/);
    }
  });

  it("not with audio; no caption is always fine", () => {
    expect(checkCaption("audio", "Listen #12")).toMatch(/no text with audio/);
    expect(checkCaption("audio", null)).toBeNull();
  });
});

describe("file contents and names", () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]);
  const html = new TextEncoder().encode("<html><script>alert(1)</script>");

  it("an image must start as its type does; other types are not judged", () => {
    expect(matchesSignature("image/png", png)).toBe(true);
    expect(matchesSignature("image/jpeg", jpeg)).toBe(true);
    expect(matchesSignature("image/png", jpeg)).toBe(false);
    expect(matchesSignature("image/png", html)).toBe(false);
    expect(matchesSignature("image/png", png.subarray(0, 4))).toBe(false);
    expect(matchesSignature("application/pdf", html)).toBe(true);
  });

  it("keeps a clean name: no folders, no control or direction characters, not too long", () => {
    expect(cleanFileName("C:\\Users\\sam\\report.pdf")).toBe("report.pdf");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("evil\u202Efdp.exe")).toBe("evilfdp.exe");
    expect(cleanFileName("a\u0000b\nc.txt")).toBe("abc.txt");
    expect(cleanFileName("  ..  ")).toBe("");
    const long = cleanFileName(`${"x".repeat(300)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith(".pdf")).toBe(true);
  });

  it("makes a URL-safe name", () => {
    expect(urlSafeFileName("Rapport d'été 2024.pdf")).toBe("Rapport-d-ete-2024.pdf");
    expect(urlSafeFileName("日本.png")).toBe("png");
    expect(urlSafeFileName("")).toBe("file");
  });

  it("formats sizes in decimal units", () => {
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(120_400)).toBe("120 KB");
    expect(formatBytes(5 * MB)).toBe("5 MB");
    expect(formatBytes(1_500_000)).toBe("1.5 MB");
  });
});
