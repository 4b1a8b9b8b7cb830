import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, REDACTED, REDACTED_PATHS } from "@/lib/log/logger";

/** A logger writing into an array of lines, with the dashboard's configuration. */
function capture(level: "debug" | "warn" = "debug") {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ destination, level }), lines };
}

describe("the logger", () => {
  it("writes one JSON object a line, with the level's name, an ISO time and the component", () => {
    const { log, lines } = capture();
    log.child({ component: "api" }).info({ reqId: "r-1", status: 200 }, "GET /api/live 200");
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: "info",
      component: "api",
      reqId: "r-1",
      status: 200,
      msg: "GET /api/live 200",
    });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(line).toHaveProperty("pid", process.pid);
  });

  it("removes secrets by its configuration, wherever a call site puts them", () => {
    const { log, lines } = capture();
    const secrets = {
      bearer: "Bearer vps_live_secret_token",
      cookie: "vpsdash.session_token=abc.def",
      token: "vps_live_secret_token",
      webhook: "whsec_c2VjcmV0",
    };
    log.info({
      req: { method: "GET", headers: { authorization: secrets.bearer, cookie: secrets.cookie, accept: "*/*" } },
      res: { headers: { "set-cookie": secrets.cookie } },
      headers: { Authorization: secrets.bearer },
      token: secrets.token,
      channel: { id: 3, secret: secrets.webhook },
      env: { VPSORG_API_TOKEN: secrets.token, METRICS_TOKEN: secrets.token, PORT: "3000" },
    });
    const text = lines.join("\n");
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    const line = JSON.parse(lines[0]!) as {
      req: { headers: Record<string, string> };
      res: { headers: Record<string, string> };
      channel: Record<string, unknown>;
      env: Record<string, string>;
      token: string;
    };
    expect(line.req.headers).toEqual({ authorization: REDACTED, cookie: REDACTED, accept: "*/*" });
    expect(line.res.headers["set-cookie"]).toBe(REDACTED);
    expect(line.token).toBe(REDACTED);
    expect(line.channel).toEqual({ id: 3, secret: REDACTED });
    expect(line.env).toEqual({ VPSORG_API_TOKEN: REDACTED, METRICS_TOKEN: REDACTED, PORT: "3000" });
  });

  it("names every redacted path without a leading wildcard, which would make every line ten times dearer", () => {
    expect(REDACTED_PATHS.filter((path) => path.startsWith("*"))).toEqual([]);
    expect(new Set(REDACTED_PATHS).size).toBe(REDACTED_PATHS.length);
  });

  it("writes an error with its type, message and stack under err", () => {
    const { log, lines } = capture();
    log.error({ err: new TypeError("fetch failed") }, "a poll failed on a bug");
    const line = JSON.parse(lines[0]!) as { err: { type: string; message: string; stack: string } };
    expect(line.err).toMatchObject({ type: "TypeError", message: "fetch failed" });
    expect(line.err.stack).toContain("TypeError: fetch failed");
  });

  it("writes nothing below its level", () => {
    const { log, lines } = capture("warn");
    log.info("not written");
    log.warn("written");
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(["written"]);
  });
});
