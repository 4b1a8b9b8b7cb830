// The dashboard's HTTP server: Next.js (the production build, or the development server) behind a
// plain Node.js HTTP server of ours, through Next.js's custom-server API. It exists for one reason:
// a route handler never sees the socket, so this server tells the app who is connecting. On every
// request it removes whatever the client sent as CLIENT_ADDRESS_HEADER and writes the address it
// resolved from the socket (and, through the proxies of AUTH_TRUSTED_PROXIES only, X-Forwarded-For);
// from any other peer, X-Forwarded-For is dropped too, and Next.js fills it with the socket's address.
import { createServer, type Server } from "node:http";
import {
  CLIENT_ADDRESS_FROM_SERVER_ENV,
  stampClientAddress,
  trustedProxyList,
} from "../lib/auth/server/client-address";

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
    stampClientAddress(request, trustedProxies);
    handle(request, response).catch((error: unknown) => {
      console.error("[server] unhandled error", error);
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
