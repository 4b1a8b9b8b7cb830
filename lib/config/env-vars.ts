import * as z from "zod";

// The building blocks of the environment schemas (lib/config/env-schema.ts for VPS.org,
// lib/auth/server/auth-env.ts for sign-in): each variable is a string that may be unset or blank.
// No `server-only` here, like env-schema.ts: the start command is plain Node.

/** A variable that may be unset: blank counts as unset, and the value is trimmed. */
export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** An http(s) URL; `example` is added to the message. */
export const httpUrl = (example?: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http(s) URL${example ? `, e.g. ${example}` : ""}` });

/** A whole number from `min` to `max`, written in decimal digits. */
export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { error: "must be a whole number" })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );

/** An optional whole number from `min` to `max`: `fallback` when unset. */
export const wholeNumberOr = (fallback: number, min: number, max: number) =>
  optionalText.pipe(wholeNumber(min, max).optional()).transform((value) => value ?? fallback);

/** In a schema's superRefine: reports the variable `name` as missing; `when` says when it is needed. */
export function requireVariable(ctx: z.RefinementCtx, name: string, when: string): void {
  ctx.addIssue({ code: "custom", path: [name], message: `is required ${when}` });
}
