import "server-only";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { AuthConfig } from "@/lib/auth/server/auth-env";
import type { SignInLimit } from "@/lib/auth/server/sign-in-limit";
import { createStore, type Store } from "@/lib/store/store";

// Isolated stores for tests: a SQLite file in a fresh temporary folder, or a fresh schema in a
// PostgreSQL database. `close()` removes it again.

export type IsolatedStoreKind = { kind: "sqlite" } | { kind: "postgres"; connectionString: string };

export interface IsolatedStoreOptions {
  config?: Partial<AuthConfig>;
  signInLimit?: SignInLimit;
}

export const TEST_AUTH_CONFIG: AuthConfig = {
  secret: "test-secret-0123456789abcdef0123456789abcdef",
  secretSource: "env",
  baseURL: "http://localhost:3000",
  secureCookies: false,
  sessionTtlSeconds: 7 * 24 * 60 * 60,
  trustedProxies: [],
  // As behind the start command: the tests hand the client's address in CLIENT_ADDRESS_HEADER.
  clientAddressFromServer: true,
  oidc: null,
  bootstrapAdmin: null,
};

export async function createIsolatedStore(
  kind: IsolatedStoreKind,
  options: IsolatedStoreOptions = {},
): Promise<Store & { location: string }> {
  const config = { ...TEST_AUTH_CONFIG, ...options.config };
  if (kind.kind === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "vpsdash-store-"));
    const file = path.join(dir, "test.sqlite");
    const store = await createStore({ target: { kind: "sqlite", file }, config, signInLimit: options.signInLimit });
    return {
      ...store,
      location: file,
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const store = await createStore({
    target: { kind: "postgres", connectionString: kind.connectionString },
    config,
    postgresSchema: schema,
    signInLimit: options.signInLimit,
  });
  return {
    ...store,
    location: schema,
    close: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: kind.connectionString });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
