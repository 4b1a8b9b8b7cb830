// Keys that name a property every plain object inherits (`__proto__`, `constructor`, `toString`…),
// plus `prototype`. No input of the API has a field by these names, so they are always refused as
// unknown fields; and what the request's JSON and query become are objects without a prototype, so
// such a key can never be confused with (or reach) an inherited property. No server-only import and
// no zod: proxy.ts uses this file too.

type Container = Record<string, unknown>;

export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  "prototype",
]);

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

/**
 * A copy of a parsed JSON value in which every object has no prototype, and the paths of every
 * reserved key it holds, at any depth (`__proto__`, `server_id.constructor`, `0.toString`).
 * Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function withoutPrototypes(value: unknown): { value: unknown; reservedKeys: string[] } {
  const reservedKeys: string[] = [];
  const root: { value: unknown } = Object.create(null) as { value: unknown };
  const pending: Array<{ source: unknown; holder: Container; key: string; path: string }> = [
    { source: value, holder: root, key: "value", path: "" },
  ];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { source, holder, key, path } = item;
    if (source === null || typeof source !== "object") {
      holder[key] = source;
      continue;
    }
    const copy = (Array.isArray(source) ? new Array<unknown>(source.length) : Object.create(null)) as Container;
    holder[key] = copy;
    for (const childKey of Object.keys(source)) {
      const childPath = path === "" ? childKey : `${path}.${childKey}`;
      if (!Array.isArray(source) && isReservedKey(childKey)) reservedKeys.push(childPath);
      pending.push({
        source: (source as Container)[childKey],
        holder: copy,
        key: childKey,
        path: childPath,
      });
    }
  }
  return { value: root.value, reservedKeys: reservedKeys.sort() };
}

/** The refusal of unknown fields, as `invalid_input` words it (`where`: "body" or "query"). */
export function unknownFieldsRefusal(where: string, keys: readonly string[]) {
  const fields = Object.create(null) as Record<string, string[]>;
  for (const key of keys) fields[key] = ["is not an accepted field"];
  return { message: `Invalid ${where}: ${unknownFieldsSentence(where, keys)}.`, fields };
}

export function unknownFieldsSentence(where: string, keys: readonly string[]): string {
  return `unknown ${where} field${keys.length > 1 ? "s" : ""}: ${keys.join(", ")} (not accepted)`;
}
