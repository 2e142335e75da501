// SPEC §11's pure media rules: which links are fetched, what the routing records, how long
// a failing source is retried, and how a stored file is served (type, disposition, ranges).
import { describe, expect, it } from "vitest";
import { cleanContentType, nextDownloadAttempt, refusalReason, sniffMediaType } from "@/lib/media/download-rules";
import { inboundFilePlan } from "@/lib/media/inbound-file";
import { formatBytes } from "@/lib/media/media-kinds";
import { contentDisposition, downloadName, parseRange, servedAs } from "@/lib/media/serve-rules";
import { checkMediaUrl, mayCarryApplicationJwt, parseMediaHosts, type MediaUrlRules } from "@/lib/media/source-url";
import { threadMedia } from "@/lib/media/thread-media";

const rules = (extra = "", ownOrigin: string | null = null): MediaUrlRules => ({ extraHosts: parseMediaHosts(extra), ownOrigin });

describe("VONAGE_MEDIA_HOSTS", () => {
  it("reads host names, addresses and ports, and refuses anything else", () => {
    expect(parseMediaHosts(" media.example.org, 127.0.0.1:8080 ,[::1],, ")).toEqual([
      { hostname: "media.example.org", port: null },
      { hostname: "127.0.0.1", port: 8080 },
      { hostname: "[::1]", port: null },
    ]);
    expect(parseMediaHosts(undefined)).toEqual([]);
    for (const bad of ["https://media.example.org", "media.example.org/path", "user@host", "host:99999", "*.example.org", "-bad.example"]) {
      expect(() => parseMediaHosts(bad), bad).toThrow(/not a host name/);
    }
  });
});

describe("which media links are fetched", () => {
  it.each([
    ["https://api-eu.nexmo.com/v3/media/1f2e", rules(), true],
    ["https://messages.vonage.com/v3/media/1f2e", rules(), true],
    ["https://API.NEXMO.COM./v3/media/x", rules(), true],
    ["http://api.nexmo.com/v3/media/1f2e", rules(), false],
    ["https://nexmo.com.evil.example/x", rules(), false],
    ["https://evilnexmo.com/x", rules(), false],
    ["https://media.example.org/x", rules(), false],
    ["https://media.example.org/x", rules("media.example.org"), true],
    ["http://127.0.0.1:4000/x", rules("127.0.0.1"), true],
    ["http://127.0.0.1:4000/x", rules("127.0.0.1:4001"), false],
    ["https://media.example.org/x", rules("media.example.org:443"), true],
    ["http://media.example.org/x", rules("media.example.org:443"), false],
    ["http://127.0.0.1:3000/api/simulator/media/photo.png", rules("", "http://127.0.0.1:3000"), true],
    ["http://127.0.0.1:3001/api/simulator/media/photo.png", rules("", "http://127.0.0.1:3000"), false],
    ["https://user:secret@api.nexmo.com/x", rules(), false],
    ["ftp://api.nexmo.com/x", rules(), false],
    ["javascript:alert(1)", rules(), false],
    ["not a url", rules(), false],
  ] as const)("%s → %s", (url, r, allowed) => {
    expect(checkMediaUrl(url, r).ok).toBe(allowed);
  });

  it("says why a link is not fetched", () => {
    expect(checkMediaUrl("https://media.example.org/x", rules())).toEqual({
      ok: false,
      reason: "Not copied: media.example.org is not one of Vonage's media hosts (*.nexmo.com, *.vonage.com) nor listed in VONAGE_MEDIA_HOSTS.",
    });
  });
});

describe("the application's JWT", () => {
  it("goes over https, or over http only to this machine, never in clear text across a network", () => {
    expect(mayCarryApplicationJwt(new URL("https://api-eu.nexmo.com/v3/media/1"))).toBe(true);
    expect(mayCarryApplicationJwt(new URL("https://media.example.org/x"))).toBe(true);
    expect(mayCarryApplicationJwt(new URL("http://127.0.0.1:4000/x"))).toBe(true);
    expect(mayCarryApplicationJwt(new URL("http://localhost:4000/x"))).toBe(true);
    expect(mayCarryApplicationJwt(new URL("http://[::1]:4000/x"))).toBe(true);
    expect(mayCarryApplicationJwt(new URL("http://media.example.org/x"))).toBe(false);
    expect(mayCarryApplicationJwt(new URL("http://10.0.0.5/x"))).toBe(false);
    expect(mayCarryApplicationJwt(new URL("http://127.0.0.1.example.org/x"))).toBe(false);
  });
});

describe("a file sent as application/octet-stream", () => {
  const bytes = (...values: Array<number | string>) =>
    Uint8Array.from(values.flatMap((v) => (typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v])));
  it("is named by its first bytes when they are a known kind, and stays unknown otherwise", () => {
    expect(sniffMediaType(bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe("image/png");
    expect(sniffMediaType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(sniffMediaType(bytes("RIFF", 0, 0, 0, 0, "WEBPVP8 "))).toBe("image/webp");
    expect(sniffMediaType(bytes("OggS", 0))).toBe("audio/ogg");
    expect(sniffMediaType(bytes(0, 0, 0, 0x18, "ftypmp42"))).toBe("video/mp4");
    expect(sniffMediaType(bytes(0, 0, 0, 0x18, "ftyp3gp4"))).toBe("video/3gpp");
    expect(sniffMediaType(bytes("%PDF-1.7"))).toBe("application/pdf");
    expect(sniffMediaType(bytes("<html><script>"))).toBeNull();
    expect(sniffMediaType(bytes("<svg xmlns="))).toBeNull();
    expect(sniffMediaType(bytes(0x89, "PN"))).toBeNull();
  });
});

describe("what the routing records for a media message", () => {
  it("a pending file for a link it may fetch, a failed one (kept as a link) otherwise, nothing for other kinds", () => {
    expect(inboundFilePlan("image", { type: "image", url: "https://api.nexmo.com/v3/media/a", caption: "hi" }, rules())).toEqual({
      kind: "image",
      state: "pending",
      sourceUrl: "https://api.nexmo.com/v3/media/a",
      name: null,
      failureReason: null,
    });
    expect(inboundFilePlan("file", { type: "file", url: "https://x.example/a.pdf", name: " a.pdf " }, rules())).toMatchObject({
      state: "failed",
      sourceUrl: "https://x.example/a.pdf",
      name: "a.pdf",
      failureReason: expect.stringContaining("x.example"),
    });
    expect(inboundFilePlan("sticker", { type: "sticker" }, rules())).toMatchObject({ state: "failed", failureReason: "Vonage sent no link to this file." });
    for (const type of ["text", "location", "vcard", "order", "unsupported"]) expect(inboundFilePlan(type, { type }, rules())).toBeNull();
  });
});

describe("retries of a failing source", () => {
  const arrivedAt = new Date("2025-01-01T00:00:00Z");
  const at = (hours: number) => new Date(arrivedAt.getTime() + hours * 3_600_000);

  it("waits 10 s doubling, capped at an hour, and stops 48 hours after the message arrived", () => {
    const delays = [1, 2, 3, 4, 10, 20].map((attempts) => {
      const next = nextDownloadAttempt({ arrivedAt, now: at(1), attempts, baseSeconds: 10, random: 0.5 });
      return next.retry ? (next.at.getTime() - at(1).getTime()) / 1000 : null;
    });
    expect(delays).toEqual([10, 20, 40, 80, 3600, 3600]);
    const last = nextDownloadAttempt({ arrivedAt, now: at(47.9), attempts: 50, baseSeconds: 10, random: 0.5 });
    expect(last).toEqual({ retry: true, at: at(48) });
    expect(nextDownloadAttempt({ arrivedAt, now: at(48), attempts: 51, baseSeconds: 10, random: 0.5 })).toEqual({ retry: false });
    expect(nextDownloadAttempt({ arrivedAt, now: at(1), attempts: 3, baseSeconds: 0, random: 0.9 })).toEqual({ retry: true, at: at(1) });
  });

  it("says what the source answered, and keeps a clean content type", () => {
    expect(refusalReason("Vonage", 404)).toBe("Vonage answered 404 Not Found");
    expect(refusalReason("127.0.0.1:4000", 599)).toBe("127.0.0.1:4000 answered 599");
    expect(cleanContentType("Image/JPEG; charset=binary")).toBe("image/jpeg");
    expect(cleanContentType("text/html\r\nX-Evil: 1")).toBe("application/octet-stream");
    expect(cleanContentType("")).toBe("application/octet-stream");
    expect(cleanContentType(null)).toBe("application/octet-stream");
  });
});

describe("serving a stored file", () => {
  it("shows only images, audio and video of the allow-list inline, everything else as octet-stream", () => {
    for (const type of ["image/png", "image/jpeg", "audio/ogg", "video/mp4"]) expect(servedAs(type)).toEqual({ contentType: type, inline: true });
    for (const type of ["text/html", "image/svg+xml", "application/xml", "text/xml", "application/pdf", "application/javascript", "text/plain", null]) {
      expect(servedAs(type)).toEqual({ contentType: "application/octet-stream", inline: false });
    }
  });

  it("names the download safely, with the exact name in filename*", () => {
    expect(downloadName({ name: "../../etc/passwd", kind: "file", id: 3, contentType: null })).toBe("_.._etc_passwd");
    expect(downloadName({ name: "a\u202Egnp.exe", kind: "file", id: 3, contentType: null })).toBe("agnp.exe");
    expect(downloadName({ name: null, kind: "image", id: 12, contentType: "image/jpeg" })).toBe("image-12.jpg");
    expect(downloadName({ name: "  ..  ", kind: "file", id: 4, contentType: "application/zip" })).toBe("file-4");
    expect(contentDisposition(false, 'Résumé "final".pdf')).toBe(`attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf`);
    expect(contentDisposition(true, "photo (1).png")).toBe(`inline; filename="photo (1).png"; filename*=UTF-8''photo%20%281%29.png`);
  });

  it.each([
    [null, 100, { kind: "whole" }],
    ["bytes=0-9", 100, { kind: "range", start: 0, end: 9 }],
    ["bytes=90-", 100, { kind: "range", start: 90, end: 99 }],
    ["bytes=90-500", 100, { kind: "range", start: 90, end: 99 }],
    ["bytes=-10", 100, { kind: "range", start: 90, end: 99 }],
    ["bytes=-500", 100, { kind: "range", start: 0, end: 99 }],
    ["bytes=100-", 100, { kind: "unsatisfiable" }],
    ["bytes=-0", 100, { kind: "unsatisfiable" }],
    ["bytes=0-", 0, { kind: "unsatisfiable" }],
    ["bytes=9-3", 100, { kind: "whole" }],
    ["bytes=0-1,4-5", 100, { kind: "whole" }],
    ["items=0-1", 100, { kind: "whole" }],
    ["bytes=-", 100, { kind: "whole" }],
  ] as const)("Range %s of %i bytes", (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe("a message's media in the thread and the API", () => {
  const receivedAt = new Date("2025-01-01T00:00:00Z");
  const file = { id: 7, kind: "image", name: null, contentType: "image/png", size: 10, sha256: "ab", failureReason: null, sourceUrl: "https://api.nexmo.com/v3/media/x" };

  it("points at Caseline's copy once saved, never at the provider's link", () => {
    expect(threadMedia({ media: { type: "image", url: "https://api.nexmo.com/v3/media/x", caption: "c" }, file: { ...file, state: "saved" }, receivedAt, now: receivedAt })).toEqual({
      type: "image",
      caption: "c",
      fileId: 7,
      url: "/api/v1/media/7",
      state: "saved",
      contentType: "image/png",
      size: 10,
      sha256: "ab",
    });
  });

  it("keeps the provider's link beside a failure while it may still work (48 hours)", () => {
    const failed = { ...file, state: "failed" as const, failureReason: "too big", contentType: null, size: null, sha256: null };
    const soon = threadMedia({ media: { type: "image" }, file: failed, receivedAt, now: new Date(receivedAt.getTime() + 3_600_000) });
    expect(soon).toMatchObject({ state: "failed", failureReason: "too big", sourceUrl: file.sourceUrl });
    expect(soon).not.toHaveProperty("size");
    const late = threadMedia({ media: { type: "image" }, file: failed, receivedAt, now: new Date(receivedAt.getTime() + 49 * 3_600_000) });
    expect(late).not.toHaveProperty("sourceUrl");
    expect(threadMedia({ media: { type: "location", latitude: 1, longitude: 2 }, file: null, receivedAt, now: receivedAt })).toEqual({ type: "location", latitude: 1, longitude: 2 });
    expect(threadMedia({ media: { type: "image", url: "javascript:alert(1)" }, file: null, receivedAt, now: receivedAt })).toEqual({ type: "image" });
  });

  it("reads sizes in words", () => {
    expect([0, 1, 999, 1000, 2_450_000, 100_000_000].map(formatBytes)).toEqual(["0 bytes", "1 byte", "999 bytes", "1 KB", "2.5 MB", "100 MB"]);
  });
});
