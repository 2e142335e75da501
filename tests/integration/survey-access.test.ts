import { describe, expect, it } from "vitest";
import { canSeeSurvey, visibleSurveyIds, type CurrentUser } from "@/lib/auth/access";
import { createUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { surveyAccess, surveys } from "@/lib/db/schema";
import { listVisibleSurveys } from "@/lib/surveys/queries";

async function setup() {
  const db = getDb();
  const [support, sales, archived] = await db
    .insert(surveys)
    .values([{ name: "Support" }, { name: "Sales" }, { name: "Old", archivedAt: new Date() }])
    .returning();
  const asCurrent = (u: { id: number; email: string; name: string; role: CurrentUser["role"] }): CurrentUser => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
  });
  const staff = asCurrent(await createUser({ email: "staff@example.com", role: "staff", password: "password1" }));
  const outsider = asCurrent(await createUser({ email: "outsider@example.com", role: "staff", password: "password1" }));
  const admin = asCurrent(await createUser({ email: "admin@example.com", role: "admin", password: "password1" }));
  await db.insert(surveyAccess).values({ userId: staff.id, surveyId: support!.id });
  return { support: support!, sales: sales!, archived: archived!, staff, outsider, admin };
}

describe("survey access", async () => {
  const s = await setup();

  it("lets staff see only the surveys they were given", async () => {
    expect(await canSeeSurvey(s.staff, s.support.id)).toBe(true);
    expect(await canSeeSurvey(s.staff, s.sales.id)).toBe(false);
    expect(await visibleSurveyIds(s.staff)).toEqual([s.support.id]);
    expect((await listVisibleSurveys(s.staff)).map((x) => x.name)).toEqual(["Support"]);
  });

  it("gives staff without access nothing", async () => {
    expect(await canSeeSurvey(s.outsider, s.support.id)).toBe(false);
    expect(await listVisibleSurveys(s.outsider)).toEqual([]);
  });

  it("lets admins see every survey that is not archived", async () => {
    expect(await canSeeSurvey(s.admin, s.sales.id)).toBe(true);
    expect(await visibleSurveyIds(s.admin)).toBe("all");
    expect((await listVisibleSurveys(s.admin)).map((x) => x.name)).toEqual(["Sales", "Support"]);
  });
});
