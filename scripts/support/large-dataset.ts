/** The surveys `npm run db:seed:large` creates and `npm run bench:console` reads. */
export const LARGE_SURVEY_PREFIX = "Large survey";

/**
 * The seeded team: staff users who hold the seeded cases (SPEC §9) and have read some of them,
 * so the Mine/Unassigned views and the list's unread join are measured on real data.
 * Agents 1–4 work the first survey, 5–8 the other two; bench:console acts as agent 1.
 */
export const TEAM_EMAIL_PREFIX = "bench-agent-";
export const TEAM_SIZE = 8;
export const teamEmail = (n: number) => `${TEAM_EMAIL_PREFIX}${n}@caseline.local`;
