// The levels LOG_LEVEL may name, lowest-volume first (pino's): lib/config/env-schema.ts validates
// the variable with them, lib/log/logger.ts applies it.
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
