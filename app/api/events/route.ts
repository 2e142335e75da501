// Server-sent events: committed case changes of the surveys this user may see, and a
// "notifications" event when this user's notifications change. The browser's
// EventSource reconnects by itself; a comment every 20 s keeps proxies from closing the stream.
import { visibleSurveyIds } from "@/lib/auth/access";
import { requireUser } from "@/lib/auth/guards";
import { findActiveUserById } from "@/lib/auth/users";
import { errorResponse } from "@/lib/http/respond";
import { listening, subscribeToChanges } from "@/lib/realtime/hub";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 20_000;

export async function GET(request: Request) {
  try {
    const user = await requireUser();
    const version = user.sessionVersion;
    const visible = await visibleSurveyIds(user);
    const surveys = visible === "all" ? "all" : new Set(visible);
    // Only report "connected" once this process LISTENs, so nothing committed after the
    // browser sees the stream open can be missed.
    await listening();
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const write = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
          }
        };
        const end = () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        };
        write("retry: 2000\n: connected\n\n");
        const unsubscribe = subscribeToChanges({
          userId: user.id,
          surveys,
          send: (change) => write(`event: change\ndata: ${JSON.stringify(change)}\n\n`),
          // SPEC §13: "look again" only; the bell reads its list with the user's access.
          notifications: () => write("event: notifications\ndata: {}\n\n"),
          // The user's sessions ended (lib/auth/sessions.ts): stop at once; the browser's
          // reconnect then has to sign in again, with its new access.
          end,
        });
        // Checked once now (a change committed before the subscription above was not heard),
        // then with each heartbeat, in case a notification was missed while LISTEN reconnected.
        const stillCurrent = async () => {
          const now = await findActiveUserById({ id: user.id }).catch(() => null);
          return Boolean(now) && now!.sessionVersion === version;
        };
        void stillCurrent().then((current) => current || end());
        const heartbeat = setInterval(async () => {
          if (!(await stillCurrent())) return end();
          write(": heartbeat\n\n");
        }, HEARTBEAT_MS);
        cleanup = () => {
          clearInterval(heartbeat);
          unsubscribe();
        };
        request.signal.addEventListener("abort", end);
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
