import { format, stripVTControlCharacters } from "node:util";
import { componentLogger } from "@/lib/log/logger";

// What writes to `console` in the server process — Next.js itself ("✓ Ready", its warnings and the
// errors it catches), and any library that logs that way — is written as log lines of the `console`
// component, so that every line on stdout is JSON (pretty in development) like the dashboard's own.
// The start command (scripts/serve.ts) turns it on before it loads Next.js; the dashboard's code
// logs through lib/log/logger.ts and never through `console`.

export function routeConsoleToLogger(): void {
  const log = () => componentLogger("console");
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]): void => {
      const error = args.find((arg) => arg instanceof Error);
      const text = stripVTControlCharacters(format(...args.filter((arg) => arg !== error))).trim();
      if (error) log()[level]({ err: error }, text || (error as Error).message);
      // Next.js prints blank lines between its paragraphs: nothing to log.
      else if (text) log()[level](text);
    };
  console.debug = write("debug");
  console.log = write("info");
  console.info = write("info");
  console.warn = write("warn");
  console.error = write("error");
}
