import { randomUUID } from "node:crypto";

// Every request gets an id, written in its log lines and sent back as `X-Request-Id`, so a person
// quoting the header of a failed answer leads straight to its lines. The start command's server
// (scripts/app-server.ts) sets it on every request before Next.js sees it: a new UUID, or the id a
// reverse proxy of AUTH_TRUSTED_PROXIES already gave the request (so the proxy's log and ours share
// it); never one a client chose. The route handlers read it back (`requestIdOf`), and make one of
// their own when no such server runs in front of them (a bare `next start`).
// No `server-only` here: the start command imports this module outside Next.js.

export const REQUEST_ID_HEADER = "x-request-id";

/** What an id passed on by a proxy may look like: a UUID, hex, or another short token. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function isRequestId(value: unknown): value is string {
  return typeof value === "string" && REQUEST_ID.test(value);
}

export function newRequestId(): string {
  return randomUUID();
}

/**
 * The request's id: the one the start command's server wrote (CLIENT_ADDRESS_FROM_SERVER_ENV says it
 * runs, as for the client's address), else a new one.
 */
export function requestIdOf(headers: Headers, fromServer: boolean): string {
  const stamped = fromServer ? headers.get(REQUEST_ID_HEADER) : null;
  return isRequestId(stamped) ? stamped : newRequestId();
}

/** The answer with `X-Request-Id`; a copy when its headers are immutable (a `Response.redirect`). */
export function withRequestId(response: Response, reqId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, reqId);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(REQUEST_ID_HEADER, reqId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}
