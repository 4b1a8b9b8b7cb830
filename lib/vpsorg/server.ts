import "server-only";
import { upstreamConfig } from "@/lib/config/server-config";
import { createVpsorgTransport, type VpsorgTransport } from "@/lib/vpsorg/transport";

let transport: VpsorgTransport | undefined;

/** The one VPS.org transport of this server process; the only reader of the token. */
export function vpsorg(): VpsorgTransport {
  transport ??= createVpsorgTransport(upstreamConfig());
  return transport;
}
