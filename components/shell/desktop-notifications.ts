// The browser's own notifications (SPEC §13), shown while a tab of Caseline is open and the
// user allowed them. Permission is only ever asked from a click (browsers ignore or punish
// prompts that come without one).

export type BrowserPermission = NotificationPermission | "unsupported";

export function browserPermission(): BrowserPermission {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

/** From a click only. Resolves to the answer the user gave (or had given). */
export async function askBrowserPermission(): Promise<BrowserPermission> {
  if (browserPermission() === "unsupported") return "unsupported";
  return Notification.requestPermission();
}

/**
 * Shows one notification, when allowed. The tag is the notification's id: two open tabs
 * showing the same one make one, not two. A click brings the tab forward and opens the case.
 */
export function showBrowserNotification({ id, title, body }: { id: number; title: string; body: string }, onClick: () => void): void {
  if (browserPermission() !== "granted") return;
  try {
    const shown = new Notification(title, { body, tag: `caseline-notification-${id}` });
    shown.onclick = () => {
      window.focus();
      onClick();
      shown.close();
    };
  } catch {
    // Some browsers (Android Chrome) only show notifications through a service worker: the
    // bell still shows it.
  }
}
