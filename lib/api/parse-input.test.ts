import { describe, expect, it } from "vitest";
import * as z from "zod";
import { ApiError } from "@/lib/http/server/api-error";
import { parseWith, queryObject, readJsonBody } from "@/lib/api/parse-input";
import { RESERVED_KEYS } from "@/lib/api/reserved-keys";

const reservedNames = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupSetter__",
  "prototype",
];

function jsonRequest(text: string): Request {
  return new Request("http://dashboard.test/api/backups", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: text,
  });
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

const createSchema = z.strictObject({ server_id: z.number(), description: z.string().optional() });

describe("reserved keys", () => {
  it("covers every property a plain object inherits, and prototype", () => {
    for (const name of reservedNames) expect(RESERVED_KEYS.has(name)).toBe(true);
    for (const name of Object.getOwnPropertyNames(Object.prototype)) expect(RESERVED_KEYS.has(name)).toBe(true);
    expect(RESERVED_KEYS.has("server_id")).toBe(false);
  });
});

describe("readJsonBody", () => {
  it.each(reservedNames)("refuses a body with the key %s as an unknown field", async (name) => {
    const error = await refusal(readJsonBody(jsonRequest(`{"server_id":1,${JSON.stringify(name)}:{"polluted":true}}`)));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe(`Invalid body: unknown body field: ${name} (not accepted).`);
    expect(error.fields).toEqual({ [name]: ["is not an accepted field"] });
    expect(Object.hasOwn(error.fields!, name)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["in a nested object", '{"server_id":{"__proto__":{"x":1}}}', ["server_id.__proto__"]],
    ["in an object in an array", '[{"server_id":1},{"constructor":2}]', ["1.constructor"]],
    ["deep down", '{"a":{"b":[{"c":{"valueOf":1}}]}}', ["a.b.0.c.valueOf"]],
    ["written with escapes", '{"\\u005f_proto__":1,"to\\u0053tring":2}', ["__proto__", "toString"]],
    ["several at once", '{"hasOwnProperty":1,"toString":2}', ["hasOwnProperty", "toString"]],
  ])("refuses a reserved key %s, naming its path", async (_name, text, paths) => {
    const error = await refusal(readJsonBody(jsonRequest(text)));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain(paths.join(", "));
    expect(Object.keys(error.fields!).sort()).toEqual([...paths].sort());
  });

  it("reads a reserved name as a value, or as a key of nothing (arrays), as data", async () => {
    const body = await readJsonBody(jsonRequest('{"server_id":1,"description":"__proto__ constructor"}'));
    expect(parseWith(createSchema, body, "body")).toEqual({ server_id: 1, description: "__proto__ constructor" });
    expect(await readJsonBody(jsonRequest('["constructor",{"a":["toString"]}]'))).toEqual([
      "constructor",
      { a: ["toString"] },
    ]);
  });

  it("gives objects without a prototype, that the schemas read as usual", async () => {
    const body = (await readJsonBody(jsonRequest('{"server_id":7,"description":"x","nested":{"a":[{"b":1}]}}'))) as {
      nested: { a: Array<{ b: number }> };
    };
    expect(Object.getPrototypeOf(body)).toBeNull();
    expect(Object.getPrototypeOf(body.nested)).toBeNull();
    expect(Array.isArray(body.nested.a)).toBe(true);
    expect(Object.getPrototypeOf(body.nested.a[0])).toBeNull();
    const withNested = createSchema.extend({
      nested: z.strictObject({ a: z.array(z.strictObject({ b: z.number() })) }),
    });
    expect(parseWith(withNested, body, "body")).toEqual({ server_id: 7, description: "x", nested: { a: [{ b: 1 }] } });
  });

  it("reads a deeply nested body without exhausting the stack", async () => {
    const depth = 8000;
    const body = await readJsonBody(jsonRequest(`${"[".repeat(depth)}${"]".repeat(depth)}`));
    expect(Array.isArray(body)).toBe(true);
  });
});

describe("queryObject", () => {
  it.each(reservedNames)("refuses the query parameter %s as an unknown field", (name) => {
    const error = thrown(() => queryObject(new URL(`http://dashboard.test/api/backups?${name}=1`)));
    expect(error.code).toBe("invalid_input");
    expect(error.message).toBe(`Invalid query: unknown query field: ${name} (not accepted).`);
    expect(error.fields).toEqual({ [name]: ["is not an accepted field"] });
  });

  it("refuses a reserved name also when it is percent-encoded, repeated or beside valid parameters", () => {
    for (const query of ["%5F%5Fproto%5F%5F=1", "constructor=1&constructor=2", "server_id=1&toString=x&valueOf="]) {
      const error = thrown(() => queryObject(new URL(`http://dashboard.test/api/backups?${query}`)));
      expect(error.code).toBe("invalid_input");
      expect(error.message).toMatch(/unknown query field/);
    }
  });

  it("gives an object without a prototype, and still refuses a repeated parameter", () => {
    const query = queryObject(new URL("http://dashboard.test/api/backups?server_id=1&backup_type=manual"));
    expect(Object.getPrototypeOf(query)).toBeNull();
    expect({ ...query }).toEqual({ server_id: "1", backup_type: "manual" });
    const error = thrown(() => queryObject(new URL("http://dashboard.test/api/backups?server_id=1&server_id=2")));
    expect(error.message).toMatch(/server_id is given more than once/);
  });
});

describe("parseWith", () => {
  it("names an unknown key called like an inherited property instead of failing", () => {
    const input = Object.fromEntries([
      ["server_id", 1],
      ["constructor", 1],
      ["toString", 2],
    ]);
    const error = thrown(() => parseWith(createSchema, input, "body"));
    expect(error.code).toBe("invalid_input");
    expect(error.fields).toEqual({ constructor: ["is not an accepted field"], toString: ["is not an accepted field"] });
  });

  it("names a nested unknown key with its path", () => {
    const schema = z.strictObject({ target: z.strictObject({ id: z.number() }) });
    const error = thrown(() => parseWith(schema, { target: { id: 1, extra: true } }, "body"));
    expect(error.fields).toEqual({ "target.extra": ["is not an accepted field"] });
    expect(error.message).toBe("Invalid body: unknown body field: target.extra (not accepted).");
  });
});
