import "server-only";
import { ApiError } from "@/lib/api/api-error";
import type { VpsorgError } from "@/lib/vpsorg/errors";

const TOKEN_REJECTED =
  "The VPS.org token configured on the server was rejected. This is not something you did: ask whoever runs the dashboard to replace the token.";

/** Turns a failed VPS.org call into what the browser is told. The provider's own words are kept where they help. */
export function toApiError(error: VpsorgError): ApiError {
  switch (error.kind) {
    case "bad_request":
      return new ApiError("provider_refused", `VPS.org refused the request: ${error.message}`, {
        fields: error.fields,
        cause: error,
      });
    case "not_found":
      return new ApiError("not_found", `VPS.org: ${error.message}`, { cause: error });
    case "rate_limited":
      return new ApiError(
        "rate_limited",
        `VPS.org is rate-limiting the dashboard${error.retryAfterSeconds !== undefined ? `; try again in ${error.retryAfterSeconds} s` : ""}.`,
        { retryAfterSeconds: error.retryAfterSeconds ?? 30, cause: error },
      );
    case "unauthorized":
      return new ApiError("provider_token_rejected", TOKEN_REJECTED, { cause: error });
    case "forbidden":
      return new ApiError(
        "provider_token_rejected",
        `The VPS.org token configured on the server is not allowed to do this (${error.message}). Ask whoever runs the dashboard to grant the permission.`,
        { cause: error },
      );
    case "timeout":
      return new ApiError("provider_timeout", error.message, { cause: error });
    case "server_error":
      return new ApiError(
        "provider_unavailable",
        `VPS.org failed (status ${error.status ?? "unknown"}): ${error.message}`,
        { cause: error },
      );
    case "circuit_open":
      // Retry-After tells a client when the dashboard will call VPS.org again.
      return new ApiError("provider_unavailable", error.message, {
        retryAfterSeconds: error.retryAfterSeconds,
        cause: error,
      });
    case "network":
    case "malformed":
    case "unexpected_status":
      return new ApiError("provider_unavailable", error.message, { cause: error });
  }
}
