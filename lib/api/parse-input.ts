import "server-only";
import type * as z from "zod";
import { ApiError } from "@/lib/http/server/api-error";
import { isReservedKey, unknownFieldsRefusal, unknownFieldsSentence, withoutPrototypes } from "@/lib/api/reserved-keys";

export const MAX_BODY_BYTES = 16 * 1024;

/** zod issues → `{ field: [messages] }` and one sentence a person can act on. */
export function invalidInput(error: z.ZodError, where: string): ApiError {
  // No prototype: a field named `constructor` or `__proto__` is a key like any other.
  const fields: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const sentences: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((key) => [...issue.path, key].join("."));
      sentences.push(unknownFieldsSentence(where, keys));
      for (const key of keys) (fields[key] ??= []).push("is not an accepted field");
      continue;
    }
    const key = issue.path.join(".") || where;
    (fields[key] ??= []).push(issue.message);
    sentences.push(issue.message.startsWith(key) ? issue.message : `${key}: ${issue.message}`);
  }
  return new ApiError("invalid_input", `Invalid ${where}: ${sentences.join("; ")}.`, { fields });
}

/** The same refusal as zod's unknown keys, for keys refused before the schema sees them. */
function unknownFields(where: string, keys: string[]): ApiError {
  const { message, fields } = unknownFieldsRefusal(where, keys);
  return new ApiError("invalid_input", message, { fields });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, where);
  return result.data;
}

/**
 * The query string as an object without a prototype; a repeated parameter is refused rather than
 * silently picked, and a reserved name (`__proto__`, `constructor`…) as an unknown field.
 */
export function queryObject(url: URL): Record<string, string> {
  const query = Object.create(null) as Record<string, string>;
  const reserved = [...new Set([...url.searchParams.keys()].filter(isReservedKey))];
  if (reserved.length > 0) throw unknownFields("query", reserved.sort());
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(query, key))
      throw new ApiError("invalid_input", `Invalid query: ${key} is given more than once.`, {
        fields: { [key]: ["is given more than once"] },
      });
    query[key] = value;
  }
  return query;
}

/**
 * Reads a JSON body: application/json only, at most MAX_BODY_BYTES, valid UTF-8 and JSON, and no
 * reserved key (`__proto__`, `constructor`…) at any depth. Its objects have no prototype.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError("unsupported_media_type", "Send the request body as JSON with Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();

  const bytes = await readLimited(request, MAX_BODY_BYTES);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError("invalid_input", "The request body is not valid UTF-8 text.");
  }
  if (text.trim() === "") throw new ApiError("invalid_input", "The request body is empty; send a JSON object.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("invalid_input", "The request body is not valid JSON.");
  }
  const { value, reservedKeys } = withoutPrototypes(parsed);
  if (reservedKeys.length > 0) throw unknownFields("body", reservedKeys);
  return value;
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(): ApiError {
  return new ApiError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
}
