/** node:http plumbing: bounded body reading and JSON responses. */
import type { IncomingMessage, ServerResponse } from "node:http";

import type { HandlerResult } from "./router";

export const BODY_LIMIT_BYTES = 1024 * 1024;

export type BodyReadResult = { kind: "ok"; text: string } | { kind: "too_large" };

/**
 * Reads the whole body as UTF-8. Past the limit it keeps draining (so the client can still read
 * the 413 answer) but stores nothing more.
 */
export function readBody(req: IncomingMessage, limitBytes: number = BODY_LIMIT_BYTES): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers["content-length"] ?? 0) > limitBytes;
    const finish = (): void =>
      resolve(tooLarge ? { kind: "too_large" } : { kind: "ok", text: Buffer.concat(chunks).toString("utf8") });
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.once("end", finish);
    req.once("error", finish);
    req.once("close", finish);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendResult(res: ServerResponse, result: HandlerResult): void {
  if (result.body === undefined) {
    res.writeHead(result.status, result.headers ?? {});
    res.end();
    return;
  }
  sendJson(res, result.status, result.body, result.headers);
}

/** `path` is `prefix` itself or below it (`/api/v1x` is not under `/api/v1`). */
export function isUnder(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** The last value of a query parameter (Django's `QueryDict.get`), treating "" as absent. */
export function queryParam(url: URL, name: string): string | undefined {
  const value = url.searchParams.getAll(name).at(-1);
  return value === "" ? undefined : value;
}
