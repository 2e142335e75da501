// The bell's bounds, shared by the list (server) and the API's schemas.

/** The most notifications one page holds. */
export const MAX_NOTIFICATIONS_PAGE = 100;
/** The unread count stops here: "1000" means a thousand or more. */
export const MAX_UNREAD_COUNT = 1000;
