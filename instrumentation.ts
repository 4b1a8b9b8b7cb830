// Runs once when the server starts. Next.js also compiles this file for the Edge runtime, which has
// no process.exit, no file system and no database driver: the Node.js-only start-up lives in its own
// module, imported only on Node.js (the pattern of the Next.js instrumentation guide).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startUp } = await import("./instrumentation-node");
    await startUp();
  }
}
