import { describe, expect, it } from "vitest";
import { hasRole, seesAllSurveys } from "@/lib/auth/access";

describe("roles", () => {
  it("owners and admins see every survey, staff do not", () => {
    expect(seesAllSurveys({ role: "owner" })).toBe(true);
    expect(seesAllSurveys({ role: "admin" })).toBe(true);
    expect(seesAllSurveys({ role: "staff" })).toBe(false);
  });

  it("checks a role against the allowed list", () => {
    expect(hasRole({ role: "owner" }, ["owner"])).toBe(true);
    expect(hasRole({ role: "admin" }, ["owner"])).toBe(false);
    expect(hasRole({ role: "staff" }, ["owner", "admin"])).toBe(false);
  });
});
