/** CLI: `tsx simulator/main.ts [--port N] ...` — see cli-options.ts. Never prints the token. */
import { USAGE, parseCliOptions } from "./cli-options";
import { startSimulator } from "./server";

const parsed = parseCliOptions(process.argv.slice(2), process.env);
if (parsed.kind === "help") {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (parsed.kind === "error") {
  process.stderr.write(`${parsed.message}\n`);
  process.exit(1);
}

try {
  const simulator = await startSimulator(parsed.options);
  process.stdout.write(`VPS.org simulator listening on ${simulator.apiUrl}\n`);
  const shutdown = (): void => {
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Failed to close the simulator: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
} catch (error) {
  process.stderr.write(
    `Could not start the simulator on port ${parsed.options.port}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
