import { Writable } from "node:stream";
import { createLogger, replaceRootLogger } from "@/lib/log/logger";

// The dashboard's log lines (lib/log/logger.ts: one JSON object a line) as tests read them: from a
// server's output, or captured in the test's own process.

export interface LogLine {
  level: string;
  time: string;
  component?: string;
  msg?: string;
  reqId?: string;
  [field: string]: unknown;
}

/** Every line of `text` parsed; what is not a JSON object is listed apart. */
export function parseLogLines(text: string): { lines: LogLine[]; notJson: string[] } {
  const lines: LogLine[] = [];
  const notJson: string[] = [];
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) lines.push(parsed as LogLine);
      else notJson.push(raw);
    } catch {
      notJson.push(raw);
    }
  }
  return { lines, notJson };
}

/** The lines of one component whose message matches. */
export function linesOf(text: string, component: string, msg?: RegExp): LogLine[] {
  return parseLogLines(text).lines.filter(
    (line) => line.component === component && (msg === undefined || msg.test(line.msg ?? "")),
  );
}

/** Captures what this process logs (at every level) until `restore()`. */
export function captureLogs(): { lines: LogLine[]; restore: () => void } {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...parseLogLines(chunk.toString("utf8")).lines);
      done();
    },
  });
  const restore = replaceRootLogger(createLogger({ destination, level: "trace" }));
  return { lines, restore };
}
