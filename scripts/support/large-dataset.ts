/** The surveys `npm run db:seed:large` creates and `npm run bench:console` reads. */
export const LARGE_SURVEY_PREFIX = "Large survey";
