// The dashboard's HTTP server: Next.js (the production build, or the development server) behind a
// plain Node.js HTTP server of ours, through Next.js's custom-server API. It exists because a route
// handler never sees the socket, so this server tells the app who is connecting. On every request it
// removes whatever the client sent as CLIENT_ADDRESS_HEADER and writes the address it resolved from
// the socket (and, through the proxies of AUTH_TRUSTED_PROXIES only, X-Forwarded-For); from any other
// peer, X-Forwarded-For is dropped too, and Next.js fills it with the socket's address. Likewise it
// gives each request its id (X-Request-Id, lib/log/request-id.ts) and writes the pages' log lines.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { BlockList } from "node:net";
import {
  CLIENT_ADDRESS_FROM_SERVER_ENV,
  isTrustedProxy,
  stampClientAddress,
  trustedProxyList,
} from "../lib/auth/server/client-address";
import { componentLogger } from "../lib/log/logger";
import { isRequestId, newRequestId, REQUEST_ID_HEADER } from "../lib/log/request-id";

export interface AppServerOptions {
  dev: boolean;
  /** The project folder (where `.next` is). */
  dir: string;
  port: number;
  /** AUTH_TRUSTED_PROXIES, already validated. */
  trustedProxies: readonly string[];
}

export interface AppServer {
  server: Server;
  close(): Promise<void>;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  // As `next start` and `next dev` do, and before Next.js (and React) are loaded: they read it then.
  (process.env as Record<string, string | undefined>).NODE_ENV ||= options.dev ? "development" : "production";
  const { default: next } = await import("next");
  // Read by the app (lib/auth/client-ip.ts): only now is CLIENT_ADDRESS_HEADER ours.
  process.env[CLIENT_ADDRESS_FROM_SERVER_ENV] = "1";
  const trustedProxies = options.trustedProxies.length > 0 ? trustedProxyList(options.trustedProxies) : null;

  const server = createServer();
  const app = next({
    dev: options.dev,
    dir: options.dir,
    port: options.port,
    hostname: "localhost",
    // The development server's hot reloading listens for WebSocket upgrades on it.
    httpServer: server,
  });
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on("request", (request, response) => {
    const startedAt = performance.now();
    const reqId = stampRequestId(request, trustedProxies);
    response.setHeader("X-Request-Id", reqId);
    stampClientAddress(request, trustedProxies);
    // The /api routes write their own line, with who asked (lib/log/request-log.ts); this one is the pages'.
    const path = (request.url ?? "/").split("?")[0]!;
    if (!path.startsWith("/api/") && !path.startsWith("/_next/"))
      response.once("finish", () => {
        componentLogger("http").info(
          {
            reqId,
            method: request.method,
            path,
            status: response.statusCode,
            durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
          },
          `${request.method} ${path} → ${response.statusCode}`,
        );
      });
    handle(request, response).catch((error: unknown) => {
      componentLogger("server").error({ reqId, err: error }, "unhandled error");
      if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
      response.end("Internal Server Error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
    },
  };
}

/**
 * Gives the request its id (lib/log/request-id.ts): the one a trusted proxy sent, else a new one,
 * replacing whatever a client sent, as for the client's address.
 */
function stampRequestId(
  request: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string } },
  trustedProxies: BlockList | null,
): string {
  const sent = request.headers[REQUEST_ID_HEADER];
  const reqId =
    isTrustedProxy(trustedProxies, request.socket.remoteAddress) && isRequestId(sent) ? sent : newRequestId();
  request.headers[REQUEST_ID_HEADER] = reqId;
  return reqId;
}
