import { describe, expect, it } from "vitest";
import { idNumberSchema, idParamSchema } from "@/lib/http/ids";

describe("id parameters", () => {
  const param = idParamSchema("backupId");

  it.each(["1", "501", "9007199254740991"])("accepts %s", (value) => {
    expect(param.parse(value)).toBe(Number(value));
  });

  it.each([
    "0",
    "-1",
    "1.5",
    "1e3",
    "0x10",
    "../x",
    "abc",
    "",
    " 1",
    "01",
    "9007199254740992",
    "123456789012345678901234567890",
  ])("refuses %j", (value) => {
    expect(param.safeParse(value).success).toBe(false);
  });

  it("names the parameter in its message", () => {
    expect(param.safeParse("x").error?.issues[0]?.message).toBe(
      "backupId must be a positive whole number (digits only)",
    );
  });
});

describe("id body fields", () => {
  const field = idNumberSchema("server_id");
  it.each([1, 12345])("accepts %s", (value) => expect(field.parse(value)).toBe(value));
  it.each([0, -1, 1.5, "12", null, Number.MAX_SAFE_INTEGER + 2, Infinity])("refuses %j", (value) => {
    expect(field.safeParse(value).success).toBe(false);
  });
});
