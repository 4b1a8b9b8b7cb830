import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, resolveUpstream } from "@/lib/config/env-schema";

const resolve = (env: Record<string, string>) => resolveUpstream(parseEnv(env));
const messageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration", () => {
  it("uses the real provider when VPSORG_API_URL and VPSORG_API_TOKEN are set", () => {
    expect(resolve({ VPSORG_API_URL: "https://admin.vps.org/api/v1/", VPSORG_API_TOKEN: "vps_abc" })).toEqual({
      mode: "provider",
      baseUrl: "https://admin.vps.org/api/v1",
      token: "vps_abc",
      timeoutMs: 10_000,
      cacheTtlMs: 2000,
      retry: { maxAttempts: 3, budgetMs: 5000 },
      breaker: { failureThreshold: 5, cooldownMs: 30_000 },
    });
  });

  it("reads the cache, retry and circuit-breaker settings; a cache TTL of 0 turns the cache off", () => {
    const config = resolve({
      VPSORG_API_URL: "https://admin.vps.org/api/v1",
      VPSORG_API_TOKEN: "vps_abc",
      VPSORG_CACHE_TTL_MS: "0",
      VPSORG_RETRY_MAX_ATTEMPTS: "1",
      VPSORG_RETRY_BUDGET_MS: "750",
      VPSORG_BREAKER_THRESHOLD: "2",
      VPSORG_BREAKER_COOLDOWN_MS: "1000",
    });
    expect(config).toMatchObject({
      cacheTtlMs: 0,
      retry: { maxAttempts: 1, budgetMs: 750 },
      breaker: { failureThreshold: 2, cooldownMs: 1000 },
    });
  });

  it("names bad cache, retry and circuit-breaker settings", () => {
    const message = messageOf(() =>
      parseEnv({
        VPSORG_CACHE_TTL_MS: "-1",
        VPSORG_RETRY_MAX_ATTEMPTS: "0",
        VPSORG_RETRY_BUDGET_MS: "lots",
        VPSORG_BREAKER_THRESHOLD: "0",
        VPSORG_BREAKER_COOLDOWN_MS: "5",
      }),
    );
    expect(message).toMatch(/VPSORG_CACHE_TTL_MS must be a whole number/);
    expect(message).toMatch(/VPSORG_RETRY_MAX_ATTEMPTS must be at least 1/);
    expect(message).toMatch(/VPSORG_RETRY_BUDGET_MS must be a whole number/);
    expect(message).toMatch(/VPSORG_BREAKER_THRESHOLD must be at least 1/);
    expect(message).toMatch(/VPSORG_BREAKER_COOLDOWN_MS must be at least 100/);
  });

  it("uses the embedded simulator when VPSORG_API_URL is unset", () => {
    const config = resolve({
      VPSORG_SIMULATOR_URL: "http://127.0.0.1:4010/api/v1",
      VPSORG_SIMULATOR_TOKEN: "vps_sim",
      VPSORG_TIMEOUT_MS: "2500",
    });
    expect(config).toMatchObject({ mode: "simulator", baseUrl: "http://127.0.0.1:4010/api/v1", timeoutMs: 2500 });
  });

  it("requires the token whenever the URL is set, naming it", () => {
    expect(messageOf(() => resolve({ VPSORG_API_URL: "https://admin.vps.org/api/v1" }))).toMatch(
      /VPSORG_API_TOKEN is required/,
    );
  });

  it("names every bad variable", () => {
    const message = messageOf(() =>
      parseEnv({ VPSORG_API_URL: "ftp://x", VPSORG_TIMEOUT_MS: "ten", PORT: "99999", VPSORG_API_TOKEN: "t" }),
    );
    expect(message).toMatch(/VPSORG_API_URL must be an http\(s\) URL/);
    expect(message).toMatch(/VPSORG_TIMEOUT_MS must be a whole number/);
    expect(message).toMatch(/PORT must be at most 65535/);
  });

  it("says how to start when neither a provider nor a simulator is configured", () => {
    expect(messageOf(() => resolve({}))).toMatch(/VPSORG_API_URL is not set.*npm start/);
  });

  it("never puts the token in an error message", () => {
    const message = messageOf(() => parseEnv({ VPSORG_API_URL: "not a url", VPSORG_API_TOKEN: "vps_secret_value" }));
    expect(message).not.toContain("vps_secret_value");
  });

  it("defaults PORT to 3000 and treats empty values as unset", () => {
    expect(parseEnv({ PORT: "", VPSORG_API_URL: "" })).toMatchObject({ PORT: 3000, VPSORG_API_URL: undefined });
  });

  it("reads LOG_LEVEL (info by default, any case) and names a level pino does not have", () => {
    expect(parseEnv({}).LOG_LEVEL).toBe("info");
    expect(parseEnv({ LOG_LEVEL: "DEBUG" }).LOG_LEVEL).toBe("debug");
    expect(messageOf(() => parseEnv({ LOG_LEVEL: "verbose" }))).toMatch(/LOG_LEVEL must be one of fatal, error, warn/);
  });

  it("leaves the metrics off without METRICS_TOKEN and refuses a short one without echoing it", () => {
    expect(parseEnv({ METRICS_TOKEN: "" }).METRICS_TOKEN).toBeUndefined();
    const token = "m".repeat(32);
    expect(parseEnv({ METRICS_TOKEN: token }).METRICS_TOKEN).toBe(token);
    const message = messageOf(() => parseEnv({ METRICS_TOKEN: "short_metrics_secret" }));
    expect(message).toMatch(/METRICS_TOKEN must be at least 32 characters/);
    expect(message).not.toContain("short_metrics_secret");
    expect(messageOf(() => parseEnv({ METRICS_TOKEN: `${token} x` }))).toMatch(/METRICS_TOKEN must be printable ASCII/);
  });
});
