/** The log of every request to /api/v1, for tests to assert on. It never holds the token. */
import type { ParsedBody } from "./fields";

export type AuthorizationState = "valid" | "invalid" | "missing";

export interface LoggedRequest {
  id: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: AuthorizationState;
  /** Parsed JSON, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  /** The response status, once sent; null while pending or when the connection was dropped. */
  status: number | null;
}

export const REQUEST_LOG_CAPACITY = 10_000;
const MAX_LOGGED_BODY_CHARS = 64 * 1024;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextId = 1;

  constructor(private readonly capacity: number = REQUEST_LOG_CAPACITY) {}

  record(request: Omit<LoggedRequest, "id" | "status">): LoggedRequest {
    const entry: LoggedRequest = { id: this.nextId++, ...request, status: null };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  list(): readonly LoggedRequest[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}

export function loggableBody(raw: string, parsed: ParsedBody): unknown {
  if (raw.length > MAX_LOGGED_BODY_CHARS) return `${raw.slice(0, MAX_LOGGED_BODY_CHARS)}…[truncated]`;
  switch (parsed.kind) {
    case "empty":
      return null;
    case "json":
      return parsed.value;
    case "invalid":
      return raw;
  }
}
