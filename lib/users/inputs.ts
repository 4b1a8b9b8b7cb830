import * as z from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/role-names";
import { roleSchema } from "@/lib/auth/roles";

// What the user-management routes and functions accept: the one definition of each request shape
// (full zod on the server; the admin pages' forms import the types only).

export const emailSchema = z
  .email({ error: "must be an email address" })
  .max(320)
  .transform((email) => email.toLowerCase());
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(MAX_PASSWORD_LENGTH, { error: `must be at most ${MAX_PASSWORD_LENGTH} characters` });

export const addUserInputSchema = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1, { error: "is required" }).max(100),
  password: passwordSchema,
  role: roleSchema,
});
export type AddUserInput = z.input<typeof addUserInputSchema>;

export const setupInputSchema = addUserInputSchema.omit({ role: true });
export type SetupInput = z.input<typeof setupInputSchema>;

export const userPathSchema = z.strictObject({
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, { error: "userId must be a user id" }),
});

export const updateUserInputSchema = z
  .strictObject({
    role: roleSchema.optional(),
    disabled: z.boolean({ error: "disabled must be true or false" }).optional(),
  })
  // One change per request, so that each either happens whole or is refused whole.
  .refine((input) => (input.role === undefined) !== (input.disabled === undefined), {
    error: "send either role or disabled (one change at a time)",
  });
export type UserChange = { role: z.infer<typeof roleSchema> } | { disabled: boolean };

export const setupRequestSchema = setupInputSchema.extend({
  token: z.string().min(1, { error: "token is required" }).max(200),
});
