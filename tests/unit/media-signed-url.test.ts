// SPEC §11: the address Vonage fetches an outbound file from is signed, expires after 24 h,
// and any change to it makes it worthless.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mediaAddressFor, mediaAddressWarning, MISSING_PUBLIC_URL } from "@/lib/media/public-address";
import { MEDIA_URL_TTL_SECONDS, signedMediaUrl, verifyMediaUrl } from "@/lib/media/signed-url";

const key = randomBytes(32);
const now = Date.UTC(2025, 0, 1, 12, 0, 0);

function partsOf(url: string) {
  const [, fileId, expires, signature, name] = /\/api\/media\/public\/(\d+)\/(\d+)\/([^/]+)\/([^/]+)$/.exec(url)!;
  return { fileId: fileId!, expires: expires!, signature: signature!, name: name! };
}

describe("signed file addresses", () => {
  const url = signedMediaUrl({ key, baseUrl: "https://caseline.example.org/", fileId: 42, name: "Été report.pdf", nowMs: now });

  it("live on the base URL, name the file, and expire in 24 hours", () => {
    expect(url).toMatch(/^https:\/\/caseline\.example\.org\/api\/media\/public\/42\/\d+\/[A-Za-z0-9_-]{43}\/Ete-report\.pdf$/);
    expect(Number(partsOf(url).expires)).toBe(now / 1000 + MEDIA_URL_TTL_SECONDS);
  });

  it("verify until they expire, then never again", () => {
    expect(verifyMediaUrl(key, partsOf(url), now)).toBe(42);
    expect(verifyMediaUrl(key, partsOf(url), now + MEDIA_URL_TTL_SECONDS * 1000 - 1)).toBe(42);
    expect(verifyMediaUrl(key, partsOf(url), now + MEDIA_URL_TTL_SECONDS * 1000)).toBeNull();
  });

  it("refuse any change: another file, a later expiry, a changed signature, another key", () => {
    const parts = partsOf(url);
    expect(verifyMediaUrl(key, { ...parts, fileId: "43" }, now)).toBeNull();
    expect(verifyMediaUrl(key, { ...parts, expires: String(Number(parts.expires) + 3600) }, now)).toBeNull();
    const flipped = parts.signature.slice(0, -1) + (parts.signature.endsWith("A") ? "B" : "A");
    expect(verifyMediaUrl(key, { ...parts, signature: flipped }, now)).toBeNull();
    expect(verifyMediaUrl(randomBytes(32), parts, now)).toBeNull();
  });

  it("refuse what is not even shaped like one", () => {
    const parts = partsOf(url);
    expect(verifyMediaUrl(key, { ...parts, fileId: "042" }, now)).toBeNull();
    expect(verifyMediaUrl(key, { ...parts, fileId: "-1" }, now)).toBeNull();
    expect(verifyMediaUrl(key, { ...parts, signature: parts.signature.slice(1) }, now)).toBeNull();
    expect(verifyMediaUrl(key, { ...parts, signature: `${parts.signature}=` }, now)).toBeNull();
    expect(verifyMediaUrl(key, { ...parts, expires: "1e12" }, now)).toBeNull();
  });
});

describe("the address the provider is given", () => {
  const addresses = { publicUrl: "https://caseline.example.org/", internalUrl: "http://127.0.0.1:3000" };

  it("Vonage: PUBLIC_URL, or nothing at all with the reason", () => {
    expect(mediaAddressFor("vonage", addresses)).toEqual({ ok: true, baseUrl: "https://caseline.example.org", source: "PUBLIC_URL" });
    expect(mediaAddressFor("vonage", { ...addresses, publicUrl: undefined })).toEqual({ ok: false, problem: MISSING_PUBLIC_URL });
    expect(MISSING_PUBLIC_URL).toMatch(/set PUBLIC_URL .* Vonage fetches files from it/);
  });

  it("the simulator: always the app's own address", () => {
    expect(mediaAddressFor("simulator", addresses)).toEqual({ ok: true, baseUrl: "http://127.0.0.1:3000", source: "internal" });
    expect(mediaAddressFor("simulator", { ...addresses, publicUrl: undefined })).toMatchObject({ ok: true, source: "internal" });
  });

  it("Settings > Server warns when Vonage has no https address", () => {
    expect(mediaAddressWarning("vonage", undefined)).toBe(MISSING_PUBLIC_URL);
    expect(mediaAddressWarning("vonage", "http://caseline.example.org")).toMatch(/not https/);
    expect(mediaAddressWarning("vonage", "https://caseline.example.org")).toBeNull();
    expect(mediaAddressWarning("simulator", undefined)).toBeNull();
  });
});
