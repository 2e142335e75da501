// A media source on 127.0.0.1 standing in for Vonage's media URLs (tests and bench:media):
// real HTTP, each path answering as the test says, every request recorded with its headers.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type SeenRequest = { path: string; headers: http.IncomingHttpHeaders };
export type Route = (request: http.IncomingMessage, response: http.ServerResponse, attempt: number) => void;

export type MediaServer = {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Answers `path` with `route` (attempt counts that path's requests, from 1). */
  route: (path: string, route: Route) => string;
  /** Bytes written to sockets by the streaming routes (to see what was refused unread). */
  bytesSent: Map<string, number>;
  close: () => Promise<void>;
};

export async function startMediaServer({ host = "127.0.0.1" }: { host?: string } = {}): Promise<MediaServer> {
  const routes = new Map<string, Route>();
  const attempts = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const bytesSent = new Map<string, number>();
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://x").pathname;
    requests.push({ path, headers: request.headers });
    const attempt = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, attempt);
    const route = routes.get(path);
    if (!route) return response.writeHead(404, { "content-type": "text/plain" }).end("not here");
    route(request, response, attempt);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    requests,
    bytesSent,
    route: (path, route) => {
      routes.set(path, route);
      return `${url}${path}`;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A route answering these bytes with this type. */
export function bytesRoute(bytes: Buffer, contentType: string, extra: Record<string, string> = {}): Route {
  return (_request, response) => {
    response.writeHead(200, { "content-type": contentType, "content-length": String(bytes.length), ...extra });
    response.end(bytes);
  };
}

/**
 * `size` bytes of zeros streamed 1 MiB at a time with backpressure (never in memory), with a
 * Content-Length or chunked; the bytes actually written are counted under `key`.
 */
export function streamRoute(server: MediaServer, key: string, size: number, { contentLength }: { contentLength: boolean }): Route {
  const piece = Buffer.alloc(1024 * 1024);
  return (_request, response) => {
    response.writeHead(200, { "content-type": "video/mp4", ...(contentLength ? { "content-length": String(size) } : {}) });
    let sent = 0;
    const write = () => {
      while (sent < size) {
        const part = piece.subarray(0, Math.min(piece.length, size - sent));
        sent += part.length;
        server.bytesSent.set(key, sent);
        if (!response.write(part)) return void response.once("drain", write);
      }
      response.end();
    };
    response.on("close", () => server.bytesSent.set(key, sent));
    write();
  };
}
