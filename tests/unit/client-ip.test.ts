import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/auth/throttle";

const headers = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("the client's address for the sign-in throttle", () => {
  it("ignores X-Forwarded-For unless proxies are trusted: a client can write anything there", () => {
    expect(clientIp(headers("203.0.113.7"), 0)).toBeNull();
    expect(clientIp(headers(), 0)).toBeNull();
  });

  it("takes the address the trusted proxies saw, however many entries the client added in front", () => {
    // One proxy: it appended the address it was reached from.
    expect(clientIp(headers("1.1.1.1, 2.2.2.2, 198.51.100.4"), 1)).toBe("198.51.100.4");
    // Rotating the header changes only what the client wrote, not what the proxy appended.
    expect(clientIp(headers("9.9.9.9, 198.51.100.4"), 1)).toBe("198.51.100.4");
    // Two proxies: the first appended the client, the second the first proxy.
    expect(clientIp(headers("1.1.1.1, 198.51.100.4, 10.0.0.2"), 2)).toBe("198.51.100.4");
    expect(clientIp(headers("2001:db8::1"), 1)).toBe("2001:db8::1");
  });

  it("gives no address when the header is missing, too short or not an address", () => {
    expect(clientIp(headers(), 1)).toBeNull();
    expect(clientIp(headers("198.51.100.4"), 2)).toBeNull();
    expect(clientIp(headers("not-an-ip"), 1)).toBeNull();
  });
});
