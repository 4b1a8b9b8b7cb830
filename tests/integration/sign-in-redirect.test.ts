import { afterAll, describe, expect, it } from "vitest";
import { CANARIES } from "../canary";
import { apiAs, appUrl, seenResponses } from "./helpers";

// The sign-in page's `next`: where a signed-in visitor is sent at once (the server's 307), and where
// the form goes once it has signed in (handed to it in the page). Only a path of this site; anything
// else goes to `/`, and no value makes the page fail.

afterAll(() => {
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

const HOSTILE = [
  "//evil.example",
  "/\t/evil.example",
  "/\r/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/%09/evil.example",
  "/%0d%0a/evil.example",
  "/%2F%2Fevil.example",
  "/%5Cevil.example",
  "/.//evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "/\u0085/evil.example",
  "/\uff0fevil.example",
  "\uff0f\uff0fevil.example",
  "https://evil.example/",
  "javascript:alert(1)",
  "/\r\nSet-Cookie: injected=1",
];

/**
 * The `next` the page hands to the sign-in form, read from the form's props in the page's flight
 * data: a JSON string inside a JavaScript string, so escaped twice.
 */
function formNext(html: string): string | undefined {
  const twiceEscaped = /\{\\"next\\":\\"((?:[^"\\]|\\.)*?)\\",\\"sso\\"/.exec(html)?.[1];
  if (twiceEscaped === undefined) return undefined;
  const onceEscaped = JSON.parse(`"${twiceEscaped}"`) as string;
  return JSON.parse(`"${onceEscaped}"`) as string;
}

const signInPage = (caller: "admin" | "anonymous", next: string) =>
  apiAs(caller, `/sign-in?next=${encodeURIComponent(next)}`, { redirect: "manual" });

describe("the sign-in page's next parameter", () => {
  it("sends a signed-in visitor to a path of this site", async () => {
    const result = await signInPage("admin", "/audit?action=auth.sign_in");
    expect(result.status).toBe(307);
    expect(result.headers.get("location")).toBe("/audit?action=auth.sign_in");
  });

  it.each(HOSTILE)(
    "sends a signed-in visitor to / instead of %j, never to another site and never a 500",
    async (next) => {
      const result = await signInPage("admin", next);
      expect(result.status, result.text.slice(0, 200)).toBe(307);
      const location = result.headers.get("location")!;
      expect(location).toBe("/");
      expect(new URL(location, appUrl()).origin).toBe(appUrl());
      expect(result.headers.get("set-cookie") ?? "").not.toMatch(/injected/);
    },
  );

  it.each(HOSTILE)("hands / to the sign-in form instead of %j, and renders", async (next) => {
    const result = await signInPage("anonymous", next);
    expect(result.status).toBe(200);
    expect(formNext(result.text)).toBe("/");
  });

  it("hands a path of this site to the sign-in form as it is", async () => {
    const result = await signInPage("anonymous", "/audit?action=auth.sign_in");
    expect(result.status).toBe(200);
    expect(formNext(result.text)).toBe("/audit?action=auth.sign_in");
  });
});
