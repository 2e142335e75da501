// A real HTTP server on 127.0.0.1 in front of some of the app's route handlers, for tests that
// need an address something fetches from (Vonage fetching an outbound file from PUBLIC_URL,
// the simulator fetching it). Bodies stream both ways, as in Next.js.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type Route = { method: string; pattern: RegExp; names: string[]; handler: Handler };

export type RouteServer = { url: string; requests: Array<{ method: string; path: string; status: number }>; close: () => Promise<void> };

export async function startRouteServer(routes: Route[]): Promise<RouteServer> {
  const requests: RouteServer["requests"] = [];
  const server = http.createServer(async (req, res) => {
    const path = req.url ?? "/";
    const pathname = path.split("?")[0]!;
    const route = routes.find((r) => r.method === req.method && r.pattern.test(pathname));
    if (!route) {
      requests.push({ method: req.method ?? "", path, status: 404 });
      res.writeHead(404).end();
      return;
    }
    const match = route.pattern.exec(pathname)!;
    const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]));
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host}${path}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])),
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    } as RequestInit);
    try {
      const response = await route.handler(request, { params: Promise.resolve(params) });
      requests.push({ method: req.method ?? "", path, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      if (!response.body) return void res.end();
      Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>).pipe(res);
    } catch (error) {
      requests.push({ method: req.method ?? "", path, status: 500 });
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The signed outbound-file route, as Next.js serves it. */
export async function publicMediaRoutes(): Promise<Route[]> {
  const route = await import("@/app/api/media/public/[fileId]/[expires]/[signature]/[name]/route");
  const pattern = /^\/api\/media\/public\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/;
  const names = ["fileId", "expires", "signature", "name"];
  return [
    { method: "GET", pattern, names, handler: route.GET as Handler },
    { method: "HEAD", pattern, names, handler: route.HEAD as Handler },
  ];
}
