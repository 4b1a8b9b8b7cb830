import { describe, expect, it } from "vitest";
import { createBackup } from "@/lib/vpsorg/create-backup";
import { VpsorgError } from "@/lib/vpsorg/errors";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

function failingWith(error: VpsorgError): VpsorgTransport {
  return {
    baseUrl: "https://admin.vps.org/api/v1",
    send: async () => {
      throw error;
    },
    listAll: async () => [],
    circuit: async () => ({ state: "closed", retryAt: null, failures: 0 }),
  };
}

async function messageOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}

describe("createBackup when VPS.org does not answer", () => {
  it.each([
    [
      "a timeout",
      new VpsorgError({ kind: "timeout", message: "VPS.org did not answer POST /api/v1/backups/ within 10 s." }),
    ],
    [
      "a dropped connection",
      new VpsorgError({
        kind: "network",
        networkCode: "UND_ERR_SOCKET",
        message: "VPS.org could not be reached (connection dropped).",
      }),
    ],
  ])("says after %s that the backup may exist", async (_name, error) => {
    expect(await messageOf(createBackup(failingWith(error), { server_id: 1 }))).toMatch(
      /may have been created anyway: check the list/,
    );
  });

  it("does not say so when the request never left (connection refused, circuit open)", async () => {
    for (const error of [
      new VpsorgError({
        kind: "network",
        networkCode: "ECONNREFUSED",
        message: "VPS.org could not be reached (connection refused).",
      }),
      new VpsorgError({ kind: "circuit_open", message: "VPS.org appears to be down." }),
    ]) {
      expect(await messageOf(createBackup(failingWith(error), { server_id: 1 }))).not.toMatch(/may have been created/);
    }
  });
});
