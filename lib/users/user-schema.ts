import * as z from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/auth-env";
import { roleSchema, type Role } from "@/lib/auth/roles";

// Inputs of the user-management functions, shared with the admin pages' forms.

export const emailSchema = z.email({ error: "must be an email address" }).max(320).transform((email) => email.toLowerCase());
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

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  /** null for a role this version does not know (treated as no permission). */
  role: Role | null;
  disabled: boolean;
  /** ISO 8601 UTC. */
  createdAt: string;
}
