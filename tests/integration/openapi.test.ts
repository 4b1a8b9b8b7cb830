import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { apiErrorStatus } from "@/lib/http/api-error";
import { apiAs, expectError } from "./helpers";

// GET /api/openapi.json, as the running dashboard serves it: a valid OpenAPI 3.1 document (checked by
// @readme/openapi-parser against the specification's schema) that describes exactly the routes in
// app/api — a route file exporting a method the document lacks fails here, and so does a described
// operation that no route file has — with the error envelope and every error code.

const root = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every `METHOD /api/path` the route files export, with `{param}` for each dynamic segment. */
function routeOperations(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const source = readFileSync(full, "utf8");
        const routePath =
          "/" +
          path
            .relative(path.join(root, "app"), path.dirname(full))
            .split(path.sep)
            .map((segment) => segment.replace(/^\[(\w+)\]$/, "{$1}"))
            .join("/");
        const exported = new Set<string>();
        for (const match of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) exported.add(match[1]!);
        for (const match of source.matchAll(/export const \{([^}]*)\}/g))
          for (const name of match[1]!.split(",").map((part) => part.trim()))
            if ((METHODS as readonly string[]).includes(name)) exported.add(name);
        expect(exported.size, `${full} exports no method`).toBeGreaterThan(0);
        for (const method of exported) found.push(`${method} ${routePath}`);
      }
    }
  };
  walk(path.join(root, "app/api"));
  return found.sort();
}

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
};

async function served(): Promise<Document> {
  const result = await apiAs("viewer", "/api/openapi.json");
  expect(result.status, result.text).toBe(200);
  expect(result.headers.get("content-type")).toContain("application/json");
  return result.body as Document;
}

describe("GET /api/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const document = await served();
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  });

  it("describes every route in app/api, and nothing else", async () => {
    const document = await served();
    const described = Object.entries(document.paths)
      .flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`))
      .sort();
    const routes = routeOperations();
    expect(routes.length).toBeGreaterThan(40);
    expect(described).toEqual(routes);
  });

  it("answers every error with the envelope and names every code with its status", async () => {
    const document = await served();
    const text = JSON.stringify(document);
    // 405 comes from Next.js itself, without a body; the document says so rather than list it as an envelope.
    expect(text).toContain("405");
    for (const [code, status] of Object.entries(apiErrorStatus)) {
      if (code === "method_not_allowed") continue;
      const where = Object.values(document.paths)
        .flatMap((methods) => Object.values(methods))
        .filter((operation) => operation.responses[String(status)]?.description.includes(`\`${code}\``));
      expect(where.length, `${code} (${status}) is in no operation's ${status} answer`).toBeGreaterThan(0);
    }
    expect(text).toContain('"#/components/schemas/Error"');
    // The body of POST /api/backups is the handler's own schema: server_id a positive whole number.
    const create = (document.paths["/api/backups"] as Record<string, unknown>).post as {
      requestBody: {
        content: { "application/json": { schema: { required: string[]; properties: Record<string, unknown> } } };
      };
    };
    const body = create.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["server_id"]);
    expect(body.properties.server_id).toMatchObject({ type: "integer", exclusiveMinimum: 0 });
  });

  it("is for signed-in users only", async () => {
    expectError(await apiAs("anonymous", "/api/openapi.json"), "unauthenticated", 401);
  });
});
