import path from "node:path";
import { describe, expect, it } from "vitest";
import { routeSpecOf } from "@/lib/api/route";
import { roleNames } from "@/lib/auth/role-names";
import { roleCan } from "@/lib/auth/roles";
import { operations, type Operation } from "@/lib/openapi/operations";

// The registry restates, by hand, what each route handler was defined with. Here each operation is
// held against its route's own spec (`routeSpecOf`, kept by `defineRoute`): the very schemas the
// handler parses its path, query and body with (the same objects, not look-alikes), who may call it
// and with which credentials. A route that changes its schema or its permission without the
// registry following fails here. (That the registry has every method the route files export is
// tests/integration/openapi.test.ts's check, against the served document.)

const root = path.resolve(import.meta.dirname, "../..");

/** app/api/backups/[backupId]/route.ts for `/api/backups/{backupId}`. */
function routeFile(operation: Operation): string {
  const segments = operation.path
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/^\{(\w+)\}$/, "[$1]"));
  return path.join(root, "app", ...segments, "route.ts");
}

async function specOf(operation: Operation) {
  const routeModule = (await import(routeFile(operation))) as Record<string, unknown>;
  const handler = routeModule[operation.method.toUpperCase()];
  expect(handler, `${operation.method} ${operation.path}`).toBeTypeOf("function");
  return routeSpecOf(handler);
}

/** The registry's words for the roles a permission lets in (lib/auth/roles.ts). */
function rolesText(permission: Parameters<typeof roleCan>[1] | undefined): string {
  const allowed = roleNames.filter((role) => !permission || roleCan(role, permission));
  const text: Record<string, string> = {
    "viewer,operator,admin": "every role",
    "operator,admin": "operators and admins",
    admin: "admins",
  };
  return text[allowed.join(",")] ?? `no words for: ${allowed.join(", ")}`;
}

const defined = operations.filter((operation) => !["auth", "metrics-token"].includes(operation.access));

describe("the OpenAPI registry against the route handlers' own specs", () => {
  it("covers the routes made with defineRoute: all but Better Auth's own", async () => {
    expect(defined.length).toBeGreaterThan(30);
    for (const operation of operations) {
      const spec = await specOf(operation);
      const name = `${operation.method} ${operation.path}`;
      if (operation.access === "auth") expect(spec, name).toBeUndefined();
      // Without a session: the metrics route checks its own token.
      else if (operation.access === "metrics-token") expect(spec?.public, name).toBe(true);
      else expect(spec, name).toBeDefined();
    }
  });

  it.each(defined.map((operation) => [`${operation.method.toUpperCase()} ${operation.path}`, operation] as const))(
    "%s: the same path, query and body schemas, access and roles",
    async (_, operation) => {
      const spec = (await specOf(operation))!;
      expect(operation.params, "params").toBe(spec.params);
      expect(operation.query, "query").toBe(spec.query);
      expect(operation.body, "body").toBe(spec.body);
      const access = spec.public ? "public" : spec.sessionOnly ? "session-only" : "signed-in";
      expect(operation.access, "access").toBe(access);
      if (access !== "public") expect(operation.roles, "roles").toBe(rolesText(spec.permission));
    },
  );
});
