import { describe, expect, it } from "vitest";
import { authErrorText, AuthRequestError } from "@/lib/auth/client/auth-request";

describe("authErrorText", () => {
  it.each([
    [new AuthRequestError(0, "unreachable", "network"), "errors.network", {}],
    [
      new AuthRequestError(401, "Invalid email or password", "INVALID_EMAIL_OR_PASSWORD"),
      "errors.invalidCredentials",
      {},
    ],
    [new AuthRequestError(429, "Too many sign-in attempts", null, 45), "errors.tooManyWait", { seconds: 45 }],
    [new AuthRequestError(429, "Too many requests", "TOO_MANY_REQUESTS"), "errors.tooMany", {}],
    [new AuthRequestError(500, "Signing in failed (status 500). Try again."), "errors.other", { status: 500 }],
  ])("%s → %s", (error, key, values) => {
    expect(authErrorText(error)).toEqual({ key, values });
  });
});
