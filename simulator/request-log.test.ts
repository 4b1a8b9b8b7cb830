import { describe, expect, it } from "vitest";

import { parseBody } from "./fields";
import { REQUEST_LOG_CAPACITY, RequestLog, loggableBody } from "./request-log";

const entry = {
  at: "2025-01-16T15:45:30.250Z",
  method: "GET",
  path: "/api/v1/backups/",
  query: {},
  authorization: "valid" as const,
  body: null,
};

describe("RequestLog", () => {
  it("caps at 10,000 entries by default, dropping the oldest", () => {
    expect(REQUEST_LOG_CAPACITY).toBe(10_000);
    const log = new RequestLog();
    for (let i = 0; i < REQUEST_LOG_CAPACITY + 5; i++) log.record(entry);
    const list = log.list();
    expect(list).toHaveLength(REQUEST_LOG_CAPACITY);
    expect(list[0]?.id).toBe(6);
    expect(list.at(-1)?.id).toBe(REQUEST_LOG_CAPACITY + 5);
  });

  it("keeps ids increasing across clears", () => {
    const log = new RequestLog(2);
    log.record(entry);
    log.clear();
    expect(log.record(entry).id).toBe(2);
  });
});

describe("loggableBody", () => {
  it("stores parsed JSON, raw text, or null", () => {
    expect(loggableBody("", parseBody(""))).toBeNull();
    expect(loggableBody('{"a":1}', parseBody('{"a":1}'))).toEqual({ a: 1 });
    expect(loggableBody("a=1", parseBody("a=1"))).toBe("a=1");
  });

  it("truncates huge bodies", () => {
    const raw = JSON.stringify({ text: "x".repeat(200_000) });
    const logged = loggableBody(raw, parseBody(raw));
    expect(typeof logged).toBe("string");
    expect((logged as string).length).toBeLessThan(70_000);
  });
});
