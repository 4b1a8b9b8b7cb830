import "server-only";
import { readAnswer } from "@/lib/vpsorg/errors";
import { upstreamAccountSchema, type UpstreamAccount } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** GET /account/me/ — the account and the token's name and permissions (never the token). */
export async function getAccount(vpsorg: VpsorgTransport): Promise<UpstreamAccount> {
  const response = await vpsorg.send({ method: "GET", path: "/account/me/" });
  return readAnswer(upstreamAccountSchema, response, "VPS.org's answer to /account/me/ could not be read.");
}
