import * as z from "zod";

// Ids are positive whole numbers that fit in a double exactly. Path and query ids arrive as
// text and must be plain digits: `1.5`, `-1`, `1e3`, `0x10`, `../x` and 30-digit numbers are refused.

export const MAX_ID = Number.MAX_SAFE_INTEGER;

export function idNumberSchema(label: string) {
  return z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .positive({ error: `${label} must be a positive whole number` })
    .max(MAX_ID, { error: `${label} is too large` });
}

export function idParamSchema(label: string) {
  return z
    .string({ error: `${label} is required` })
    .regex(/^[1-9][0-9]{0,15}$/, { error: `${label} must be a positive whole number (digits only)` })
    .transform(Number)
    .refine((value) => value <= MAX_ID, { error: `${label} is too large` });
}
