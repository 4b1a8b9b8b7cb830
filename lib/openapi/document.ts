import "server-only";
import * as z from "zod";
import { API_KEY_PREFIX } from "@/lib/api-keys/limits";
import { apiErrorBodySchema, apiErrorStatus, type ApiErrorCode } from "@/lib/http/api-error";
import { operations, type Operation } from "@/lib/openapi/operations";

// The OpenAPI 3.1 document of every /api route (GET /api/openapi.json), made from lib/openapi/
// operations.ts: each operation's path, query and body are its route's zod schemas as JSON Schema
// (2020-12, OpenAPI 3.1's own dialect) in their input form, each answer its schema in its output
// form; every error is the one envelope, with the codes the operation may answer per status.

type JsonSchema = Record<string, unknown>;

/** What each error code means, for the document (the statuses are lib/http/api-error.ts's). */
export const errorCodeMeanings: Record<ApiErrorCode, string> = {
  invalid_input: "a path, query or body parameter is malformed; `fields` names each one and why",
  ambiguous_credentials: "an API key and a session cookie in one request: send one or the other",
  unauthenticated: "no session, or an API key that is unknown, revoked, expired or whose owner is disabled",
  forbidden: "the role (a key's: at most its owner's) does not allow this, or an API key asks for a browser-only route",
  csrf_rejected: "a state-changing request with a session cookie from another site",
  not_found: "no such thing",
  method_not_allowed: "the path exists, not with this method",
  provider_refused: "VPS.org refused by its rules (the manual-backup quota, a backup that is not completed…)",
  conflict: "the dashboard refused by its own rules (an email already taken, the last admin…)",
  backup_protected: "the backup is protected in the dashboard: unprotect it first",
  idempotency_key_in_use: "a request with this Idempotency-Key is still running: retry with the same key",
  idempotency_outcome_unknown: "an earlier request with this key was interrupted and is not sent again",
  payload_too_large: "the body is too large",
  unsupported_media_type: "the body is not application/json",
  idempotency_key_reused: "the Idempotency-Key was used for a different request",
  rate_limited: "too many requests (an API key's limit per minute, VPS.org's): wait Retry-After seconds",
  internal_error: "an unexpected failure (logged)",
  audit_write_failed: "the audit log could not be written: the action was not done (or not recorded)",
  provider_unavailable: "VPS.org failed or could not be reached",
  provider_token_rejected: "the dashboard's VPS.org token was refused: an operator problem",
  store_unavailable: "the dashboard's database cannot be reached right now: retry after Retry-After",
  provider_timeout: "VPS.org did not answer in time",
};

/** Without `$schema`: OpenAPI 3.1's schema objects are JSON Schema 2020-12 already. */
function jsonSchema(schema: z.core.$ZodType, io: "input" | "output"): JsonSchema {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

function parametersOf(schema: z.core.$ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (object.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === "string" ? { description: property.description } : {}),
  }));
}

/** The codes an operation may answer: its own and those of every operation of its kind. */
export function errorCodesOf(operation: Operation): ApiErrorCode[] {
  const codes = new Set<ApiErrorCode>(["internal_error", "store_unavailable"]);
  const credentials = operation.access === "signed-in" || operation.access === "session-only";
  if (credentials) {
    codes.add("unauthenticated");
    codes.add("ambiguous_credentials");
    codes.add("rate_limited");
  }
  if (operation.access === "metrics-token") codes.add("unauthenticated");
  if (operation.roles && operation.roles !== "every role") codes.add("forbidden");
  if (operation.access === "session-only") codes.add("forbidden");
  if (operation.method !== "get" && operation.access !== "auth" && operation.access !== "metrics-token")
    codes.add("csrf_rejected");
  if (operation.params || operation.query || operation.body) codes.add("invalid_input");
  if (operation.body) {
    codes.add("payload_too_large");
    codes.add("unsupported_media_type");
  }
  for (const code of operation.errors ?? []) codes.add(code);
  return [...codes];
}

function securityOf(operation: Operation): Array<Record<string, string[]>> {
  switch (operation.access) {
    case "public":
    case "auth":
      return [];
    case "session-only":
      return [{ session: [] }];
    case "metrics-token":
      return [{ metricsToken: [] }];
    case "signed-in":
      return [{ session: [] }, { apiKey: [] }];
  }
}

function operationObject(operation: Operation): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, answer] of Object.entries(operation.answers)) {
    responses[status] = {
      description: answer.description,
      ...(answer.schema || answer.contentType
        ? {
            content: {
              [answer.contentType ?? "application/json"]: answer.schema
                ? { schema: jsonSchema(answer.schema, "output") }
                : {},
            },
          }
        : {}),
      ...(operation.revalidatable && status === "200"
        ? { headers: { ETag: { description: "Send it back as If-None-Match.", schema: { type: "string" } } } }
        : {}),
    };
  }
  if (operation.revalidatable) responses["304"] = { description: "Not modified since the ETag sent as If-None-Match." };
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of errorCodesOf(operation)) {
    const status = apiErrorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: codes.map((code) => `\`${code}\`: ${errorCodeMeanings[code]}`).join("; "),
      content: {
        "application/json": {
          schema: {
            allOf: [
              { $ref: "#/components/schemas/Error" },
              { properties: { error: { properties: { code: { enum: codes } } } } },
            ],
          },
        },
      },
      ...(status === 429 || status === 503
        ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } }
        : {}),
    };
  }
  const parameters = [...parametersOf(operation.params, "path"), ...parametersOf(operation.query, "query")];
  if (operation.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "One submission, one result: a retry with the same key answers the first result.",
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  if (operation.revalidatable) {
    parameters.push({ name: "If-None-Match", in: "header", required: false, schema: { type: "string" } });
  }
  const description = [operation.description, operation.roles ? `Who may: ${operation.roles}.` : null]
    .filter(Boolean)
    .join("\n\n");
  return {
    operationId: operationId(operation),
    tags: [operation.tag],
    summary: operation.summary,
    ...(description ? { description } : {}),
    security: securityOf(operation),
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(operation.body, "input") } },
          },
        }
      : {}),
    responses,
  };
}

function operationId(operation: Operation): string {
  const words = operation.path
    .replace(/^\/api\//, "")
    .split(/[/.{}-]+/)
    .filter(Boolean);
  return [operation.method, ...words]
    .map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1)))
    .join("");
}

export function openApiDocument(version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of operations) (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  return {
    openapi: "3.1.0",
    info: {
      title: "VPS.org backups dashboard API",
      version,
      description:
        "Every /api route of the dashboard. Authenticate with a session cookie (the pages) or a personal API key " +
        `(\`Authorization: Bearer ${API_KEY_PREFIX}…\`, made at /settings/api-keys). Every error is ` +
        "`{ error: { code, message, fields? } }`; each code has exactly one HTTP status. A method that a path " +
        "does not have is answered 405 by the framework, without a body.",
    },
    tags: [...new Set(operations.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: jsonSchema(apiErrorBodySchema, "output") },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "vpsdash.session_token", description: "The pages' session." },
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: `${API_KEY_PREFIX}…`,
          description: "A personal API key: acts as its owner with the key's role.",
        },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN, for Prometheus." },
      },
    },
  };
}
