import { isAPIError } from "better-auth/api";
import { afterEach } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/server/client-address";
import { unreachableReason } from "@/lib/db/store-unavailable";
import { createStore, type Store } from "@/lib/store/store";
import { createIsolatedStore, type IsolatedStoreKind, type IsolatedStoreOptions } from "@/lib/store/test-store";
import { SYSTEM, addUser } from "@/lib/users/server/users";
import type { Role } from "@/lib/auth/roles";
import type { UserSummary } from "@/lib/users/schemas";

// Every store test runs against SQLite and PostgreSQL. PostgreSQL comes from DATABASE_URL_TEST, by
// default the local test database that .ci/run creates (see the report / README); each store is a
// fresh schema in it. DATABASE_URL_TEST=skip runs SQLite only (and says so).

const DEFAULT_PG_URL = "postgres://dashboard_test:dashboard_test@127.0.0.1:5432/dashboard_test";
const pgUrl = process.env.DATABASE_URL_TEST?.trim() || DEFAULT_PG_URL;

export interface Backend {
  name: "sqlite" | "postgres";
  kind: IsolatedStoreKind;
}

export const backends: Backend[] = [
  { name: "sqlite", kind: { kind: "sqlite" } },
  ...(pgUrl === "skip"
    ? []
    : [{ name: "postgres" as const, kind: { kind: "postgres" as const, connectionString: pgUrl } }]),
];
if (pgUrl === "skip") console.warn("DATABASE_URL_TEST=skip: the store tests run on SQLite only.");

export type TestStore = Store & { location: string };

/** Fresh stores for each test, closed (and removed) after it. */
export function useStores(backend: Backend) {
  const open: Store[] = [];
  afterEach(async () => {
    // Second instances first: the isolated stores drop their database when they close.
    for (const store of open.splice(0).reverse()) await store.close();
  });
  const newStore = async (options: IsolatedStoreOptions = {}): Promise<TestStore> => {
    const store = await createIsolatedStore(backend.kind, options).catch((error: unknown) => {
      if (backend.name === "postgres" && unreachableReason(error) === "ECONNREFUSED") {
        throw new Error(
          `No PostgreSQL at ${pgUrl.replace(/\/\/[^@]*@/, "//…@")}: start one (see .ci/run) and set DATABASE_URL_TEST, or set DATABASE_URL_TEST=skip`,
          { cause: error },
        );
      }
      throw error;
    });
    open.push(store);
    return store;
  };
  /** Another instance of the dashboard on the same database (as a second server process would be). */
  const secondInstance = async (store: TestStore, options: IsolatedStoreOptions = {}): Promise<Store> => {
    const config = { ...store.config, ...options.config };
    const other =
      backend.kind.kind === "sqlite"
        ? await createStore({
            target: { kind: "sqlite", file: store.location },
            config,
            signInLimit: options.signInLimit,
          })
        : await createStore({
            target: { kind: "postgres", connectionString: backend.kind.connectionString },
            postgresSchema: store.location,
            config,
            signInLimit: options.signInLimit,
          });
    open.push(other);
    return other;
  };
  return { newStore, secondInstance };
}

export const PASSWORD = "correct horse battery staple";

export function addTestUser(
  store: Store,
  email: string,
  role: Role = "viewer",
  password: string = PASSWORD,
): Promise<UserSummary> {
  return addUser(store, SYSTEM, { email, name: email.split("@")[0]!, password, role });
}

export function headersFrom(ip: string, cookie?: string): Headers {
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: ip });
  if (cookie) headers.set("cookie", cookie);
  return headers;
}

/** The Cookie header a browser would send back after this response. */
export function cookieFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}

/**
 * Signs in through `auth.api`, answering as the HTTP handler would: Better Auth throws an error
 * raised by a `before` hook (our rate limit) even with `asResponse`, where its router answers it.
 */
export async function signIn(
  store: Store,
  email: string,
  password: string = PASSWORD,
  ip = "203.0.113.10",
): Promise<Response> {
  try {
    return await store.auth.api.signInEmail({ body: { email, password }, headers: headersFrom(ip), asResponse: true });
  } catch (error) {
    if (!isAPIError(error)) throw error;
    return Response.json(error.body, { status: error.statusCode, headers: error.headers });
  }
}
