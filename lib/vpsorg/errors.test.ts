import { describe, expect, it } from "vitest";
import { parseDrfError, parseRetryAfter } from "@/lib/vpsorg/errors";

describe("DRF error bodies", () => {
  it("reads detail", () => expect(parseDrfError({ detail: "Not found." })).toEqual({ message: "Not found." }));
  it("reads non_field_errors", () =>
    expect(parseDrfError({ non_field_errors: ["A.", "B."] })).toEqual({ message: "A. B." }));
  it("reads field maps, nested lists included", () =>
    expect(parseDrfError({ server_id: ["Required."], description: [["Too long."]] })).toEqual({
      message: "server_id: Required. description: Too long.",
      fields: { server_id: ["Required."], description: ["Too long."] },
    }));
  it("reads a bare list", () => expect(parseDrfError(["Nope."])).toEqual({ message: "Nope." }));
  it("gives nothing for other shapes", () => {
    expect(parseDrfError(null)).toEqual({});
    expect(parseDrfError("text")).toEqual({});
    expect(parseDrfError({ count: 1 })).toEqual({});
  });
});

describe("Retry-After", () => {
  it("reads seconds", () => expect(parseRetryAfter("30")).toBe(30));
  it("reads an HTTP date", () =>
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(30));
  it("ignores garbage", () => expect(parseRetryAfter("soon")).toBeUndefined());
});
