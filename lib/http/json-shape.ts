// A few lines of shape checking for the browser, in place of a schema library: the route
// handlers already parse what they send through zod, so the page only guards against an
// answer that is not ours (a proxy's page, a deploy skew). Unknown fields are dropped.

export type Reader<T> = (value: unknown, path: string) => T;

export class ShapeError extends Error {
  constructor(path: string, expected: string) {
    super(`${path || "answer"}: expected ${expected}`);
    this.name = "ShapeError";
  }
}

export const string: Reader<string> = (value, path) => {
  if (typeof value !== "string") throw new ShapeError(path, "a string");
  return value;
};

export const number: Reader<number> = (value, path) => {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ShapeError(path, "a number");
  return value;
};

export const boolean: Reader<boolean> = (value, path) => {
  if (typeof value !== "boolean") throw new ShapeError(path, "true or false");
  return value;
};

export function nullable<T>(read: Reader<T>): Reader<T | null> {
  return (value, path) => (value === null ? null : read(value, path));
}

export function oneOf<const T extends string>(values: readonly T[]): Reader<T> {
  return (value, path) => {
    if (!values.includes(value as T)) throw new ShapeError(path, values.join(" or "));
    return value as T;
  };
}

export function array<T>(read: Reader<T>): Reader<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new ShapeError(path, "a list");
    return value.map((item, index) => read(item, `${path}[${index}]`));
  };
}

export function object<S extends Record<string, Reader<unknown>>>(
  shape: S,
): Reader<{ [K in keyof S]: ReturnType<S[K]> }> {
  return (value, path) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ShapeError(path, "an object");
    const source = value as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) result[key] = shape[key]!(source[key], path ? `${path}.${key}` : key);
    return result as { [K in keyof S]: ReturnType<S[K]> };
  };
}

/** A reader as the `parse` that fetchJson expects. */
export function parser<T>(read: Reader<T>): { parse(value: unknown): T } {
  return { parse: (value) => read(value, "") };
}
