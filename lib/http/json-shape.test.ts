import { describe, expect, it } from "vitest";
import { array, nullable, number, object, oneOf, parser, string } from "@/lib/http/json-shape";

const list = parser(
  object({ count: number, results: array(object({ id: number, name: nullable(string), kind: oneOf(["a", "b"]) })) }),
);

describe("json-shape readers", () => {
  it("reads a matching answer and drops unknown fields", () => {
    expect(list.parse({ count: 1, extra: true, results: [{ id: 1, name: null, kind: "a", more: 2 }] })).toEqual({
      count: 1,
      results: [{ id: 1, name: null, kind: "a" }],
    });
  });

  it("names the first field that does not match", () => {
    expect(() => list.parse({ count: 1, results: [{ id: "1", name: null, kind: "a" }] })).toThrow(
      "results[0].id: expected a number",
    );
    expect(() => list.parse({ count: 1, results: [{ id: 1, name: 3, kind: "a" }] })).toThrow(
      "results[0].name: expected a string",
    );
    expect(() => list.parse({ count: 1, results: [{ id: 1, name: "x", kind: "c" }] })).toThrow(
      "results[0].kind: expected a or b",
    );
    expect(() => list.parse("<html>")).toThrow("answer: expected an object");
  });
});
