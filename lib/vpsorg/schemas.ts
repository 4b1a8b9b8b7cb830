import * as z from "zod";

// What VPS.org sends, parsed leniently: unknown fields are dropped (zod objects strip them),
// unknown `status` and `backup_type` strings are kept as they are, and fields the contract
// marks optional or nullable tolerate absence.

export const upstreamServerRefSchema = z.object({
  id: z.number().int(),
  name: z.string(),
});

export const upstreamBackupSchema = z.object({
  id: z.number().int(),
  server: upstreamServerRefSchema,
  backup_type: z.string(),
  status: z.string(),
  size_mb: z
    .number()
    .nullish()
    .transform((v) => v ?? null),
  created_at: z.string(),
  expires_at: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  description: z
    .string()
    .nullish()
    .transform((v) => v ?? ""),
});
export type UpstreamBackup = z.infer<typeof upstreamBackupSchema>;

export const upstreamCreatedBackupSchema = upstreamBackupSchema.extend({
  message: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
});
export type UpstreamCreatedBackup = z.infer<typeof upstreamCreatedBackupSchema>;

const named = z.object({ name: z.string() });

export const upstreamServerSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  hostname: z.string().nullish(),
  status: z.string(),
  ip_address: z.string().nullish(),
  location: z.string().nullish(),
  plan: named.nullish().catch(null),
  os: named.nullish().catch(null),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type UpstreamServer = z.infer<typeof upstreamServerSchema>;

export const upstreamRestoreSchema = z
  .object({
    status: z.string().nullish(),
    message: z.string().nullish(),
    server: z
      .object({ id: z.number().int().nullish(), name: z.string().nullish(), status: z.string().nullish() })
      .nullish()
      .catch(null),
  })
  .catch({});
export type UpstreamRestore = z.infer<typeof upstreamRestoreSchema>;

export const upstreamAccountSchema = z.object({
  account: z
    .object({
      email: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      company_name: z.string().nullish(),
    })
    .nullish(),
  token: z
    .object({
      name: z.string().nullish(),
      permissions: z.array(z.string()).nullish().catch(null),
    })
    .nullish(),
});
export type UpstreamAccount = z.infer<typeof upstreamAccountSchema>;

/** One page of a DRF page-number paginated list. */
export const upstreamPageSchema = z.object({
  count: z.number().int().nonnegative().optional(),
  next: z.string().nullish(),
  results: z.array(z.unknown()),
});
