/** Parsing of request fields with Django REST Framework's rules and messages. */
import { type FieldErrors, ApiError } from "./api-error";

export const MESSAGES = {
  required: "This field is required.",
  notNull: "This field may not be null.",
  invalidInteger: "A valid integer is required.",
  invalidString: "Not a valid string.",
  maxLength: (max: number) => `Ensure this field has no more than ${max} characters.`,
  invalidChoice: (value: string) => `Select a valid choice. ${value} is not one of the available choices.`,
} as const;

const INTEGER_TEXT = /^[+-]?\d+$/;

/** DRF IntegerField on a query string value. */
export function parseIntegerText(text: string): number | null {
  const trimmed = text.trim();
  return INTEGER_TEXT.test(trimmed) ? Number(trimmed) : null;
}

/** DRF IntegerField on a JSON value: integral numbers (1, 1.0) and integer strings ("1"). */
export function parseIntegerValue(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  if (typeof value === "string") return parseIntegerText(value);
  return null;
}

/** A body that DRF's JSON parser accepted and that is an object (DRF refuses lists and scalars). */
export type JsonObject = Record<string, unknown>;

export function requireJsonObject(body: ParsedBody): JsonObject {
  if (body.kind === "empty") return {};
  if (body.kind === "invalid") throw new ApiError(400, { detail: `JSON parse error - ${body.error}` });
  const value = body.value;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as JsonObject;
  const got = Array.isArray(value)
    ? "list"
    : value === null
      ? "NoneType"
      : typeof value === "string"
        ? "str"
        : typeof value === "boolean"
          ? "bool"
          : "int";
  throw new ApiError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] });
}

export type ParsedBody =
  { kind: "empty" } | { kind: "json"; value: unknown } | { kind: "invalid"; error: string; raw: string };

export function parseBody(raw: string): ParsedBody {
  if (raw.trim() === "") return { kind: "empty" };
  try {
    return { kind: "json", value: JSON.parse(raw) as unknown };
  } catch (error) {
    return { kind: "invalid", error: error instanceof Error ? error.message : String(error), raw };
  }
}

/** A required integer field; records an error and returns null when invalid. */
export function readRequiredInteger(body: JsonObject, field: string, errors: FieldErrors): number | null {
  if (!(field in body)) {
    errors.add(field, MESSAGES.required);
    return null;
  }
  const raw = body[field];
  if (raw === null) {
    errors.add(field, MESSAGES.notNull);
    return null;
  }
  const value = parseIntegerValue(raw);
  if (value === null) errors.add(field, MESSAGES.invalidInteger);
  return value;
}

/** An optional CharField (numbers are coerced to strings, as DRF does); returns the default when absent. */
export function readOptionalString(
  body: JsonObject,
  field: string,
  maxLength: number,
  errors: FieldErrors,
  fallback = "",
): string {
  if (!(field in body)) return fallback;
  const raw = body[field];
  if (raw === null) {
    errors.add(field, MESSAGES.notNull);
    return fallback;
  }
  if (typeof raw !== "string" && typeof raw !== "number") {
    errors.add(field, MESSAGES.invalidString);
    return fallback;
  }
  const value = String(raw);
  // Python counts code points, not UTF-16 units.
  if ([...value].length > maxLength) {
    errors.add(field, MESSAGES.maxLength(maxLength));
    return fallback;
  }
  return value;
}
