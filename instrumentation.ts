// Runs once when the server starts: a bad or missing variable stops start-up with its name,
// rather than failing the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseEnv, resolveUpstream, ConfigError } = await import("@/lib/config/env-schema");
  try {
    resolveUpstream(parseEnv(process.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
