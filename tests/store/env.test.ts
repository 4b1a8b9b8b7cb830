import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/env-schema";
import { GENERATED_SECRET_FILE, parseAuthEnv, resolveAuthConfig } from "@/lib/auth/server/auth-env";
import { parseDbEnv, resolveDatabaseTarget } from "@/lib/db/db-env";

const messageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
};

const tempDir = () => mkdtempSync(path.join(tmpdir(), "vpsdash-env-"));

describe("sign-in configuration", () => {
  it("works with nothing set: localhost base URL, 7-day sessions, a generated secret kept in the data folder", () => {
    const dir = tempDir();
    const config = resolveAuthConfig(parseAuthEnv({}), dir);
    expect(config).toMatchObject({
      baseURL: "http://localhost:3000",
      secureCookies: false,
      sessionTtlSeconds: 604_800,
      secretSource: "generated",
      oidc: null,
      bootstrapAdmin: null,
      trustedProxies: [],
    });
    expect(config.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, GENERATED_SECRET_FILE), "utf8").trim()).toBe(config.secret);
    expect(statSync(path.join(dir, GENERATED_SECRET_FILE)).mode & 0o777).toBe(0o600);
    // The next start reuses it, so sessions survive a restart.
    expect(resolveAuthConfig(parseAuthEnv({}), dir).secret).toBe(config.secret);
  });

  it("follows PORT, BETTER_AUTH_URL (Secure cookies on https) and AUTH_SESSION_TTL_SECONDS", () => {
    expect(resolveAuthConfig(parseAuthEnv({ PORT: "8080" }), tempDir()).baseURL).toBe("http://localhost:8080");
    const config = resolveAuthConfig(
      parseAuthEnv({
        BETTER_AUTH_URL: "https://backups.example.com/",
        BETTER_AUTH_SECRET: "s".repeat(40),
        AUTH_SESSION_TTL_SECONDS: "3600",
      }),
      tempDir(),
    );
    expect(config).toMatchObject({
      baseURL: "https://backups.example.com",
      secureCookies: true,
      secretSource: "env",
      sessionTtlSeconds: 3600,
    });
  });

  it("requires BETTER_AUTH_SECRET in production against the real VPS.org, not on the simulator", () => {
    expect(
      messageOf(() => parseAuthEnv({ NODE_ENV: "production", VPSORG_API_URL: "https://admin.vps.org/api/v1" })),
    ).toMatch(/BETTER_AUTH_SECRET is required in production/);
    expect(() => parseAuthEnv({ NODE_ENV: "production" })).not.toThrow();
  });

  it("names every bad variable and never echoes a secret or password", () => {
    const message = messageOf(() =>
      parseAuthEnv({
        BETTER_AUTH_SECRET: "too-short-secret",
        BETTER_AUTH_URL: "ftp://x",
        AUTH_SESSION_TTL_SECONDS: "5",
        OIDC_ISSUER: "https://idp.example.com",
        DASHBOARD_ADMIN_EMAIL: "boss@example.com",
        DASHBOARD_ADMIN_PASSWORD: "pw-secret",
        AUTH_TRUSTED_PROXIES: "10.0.0.0/8, not-an-ip",
      }),
    );
    expect(message).toMatch(/BETTER_AUTH_SECRET must be at least 32 characters/);
    expect(message).toMatch(/BETTER_AUTH_URL must be an http\(s\) URL/);
    expect(message).toMatch(/AUTH_SESSION_TTL_SECONDS must be at least 60/);
    expect(message).toMatch(/OIDC_CLIENT_ID is required when any OIDC_\* variable is set/);
    expect(message).toMatch(/OIDC_CLIENT_SECRET is required/);
    expect(message).toMatch(/DASHBOARD_ADMIN_PASSWORD must be at least 12 characters/);
    expect(message).toMatch(/AUTH_TRUSTED_PROXIES must be a comma-separated list/);
    expect(message).not.toContain("too-short-secret");
    expect(message).not.toContain("pw-secret");
  });

  it("takes AUTH_TRUSTED_PROXIES as addresses and CIDR ranges with a valid prefix, and knows whether the start command's server runs", () => {
    const config = resolveAuthConfig(
      parseAuthEnv({ AUTH_TRUSTED_PROXIES: " 10.0.0.0/8, ::1 ,2001:db8::/32" }),
      tempDir(),
    );
    expect(config.trustedProxies).toEqual(["10.0.0.0/8", "::1", "2001:db8::/32"]);
    // A bare `next start`: no address is known, whatever the request says.
    expect(config.clientAddressFromServer).toBe(false);
    expect(
      resolveAuthConfig(parseAuthEnv({ DASHBOARD_CLIENT_ADDRESS_HEADER: "1" }), tempDir()).clientAddressFromServer,
    ).toBe(true);
    for (const bad of ["10.0.0.0/33", "::1/129", "1.2.3", "10.0.0.0/8/1", "fe80::zz"]) {
      expect(messageOf(() => parseAuthEnv({ AUTH_TRUSTED_PROXIES: bad }))).toMatch(
        /AUTH_TRUSTED_PROXIES must be a comma-separated list/,
      );
    }
  });

  it("builds the OIDC discovery URL from the issuer, and the bootstrap admin from both variables", () => {
    const config = resolveAuthConfig(
      parseAuthEnv({
        OIDC_ISSUER: "https://idp.example.com/realms/team/",
        OIDC_CLIENT_ID: "dashboard",
        OIDC_CLIENT_SECRET: "s3cret",
        DASHBOARD_ADMIN_EMAIL: "Boss@Example.com",
        DASHBOARD_ADMIN_PASSWORD: "long enough password",
      }),
      tempDir(),
    );
    expect(config.oidc).toEqual({
      issuer: "https://idp.example.com/realms/team",
      clientId: "dashboard",
      clientSecret: "s3cret",
      discoveryUrl: "https://idp.example.com/realms/team/.well-known/openid-configuration",
    });
    expect(config.bootstrapAdmin).toEqual({ email: "boss@example.com", password: "long enough password" });
    expect(messageOf(() => parseAuthEnv({ DASHBOARD_ADMIN_EMAIL: "boss@example.com" }))).toMatch(
      /DASHBOARD_ADMIN_PASSWORD is required/,
    );
  });
});

describe("database configuration", () => {
  it("uses SQLite under ./data/ by default, a file: URL's path, or PostgreSQL", () => {
    expect(resolveDatabaseTarget(parseDbEnv({}), "/srv/app")).toEqual({
      kind: "sqlite",
      file: "/srv/app/data/dashboard.sqlite",
      ownFolder: true,
    });
    expect(resolveDatabaseTarget(parseDbEnv({ DATABASE_URL: "file:./var/db.sqlite" }), "/srv/app")).toEqual({
      kind: "sqlite",
      file: "/srv/app/var/db.sqlite",
    });
    expect(resolveDatabaseTarget(parseDbEnv({ DATABASE_URL: "postgres://u:p@db:5432/dash" }))).toEqual({
      kind: "postgres",
      connectionString: "postgres://u:p@db:5432/dash",
    });
  });

  it("names DATABASE_URL without echoing it", () => {
    const message = messageOf(() => parseDbEnv({ DATABASE_URL: "mysql://root:hunter2@db/dash" }));
    expect(message).toMatch(/DATABASE_URL must be postgres:\/\//);
    expect(message).not.toContain("hunter2");
  });
});
