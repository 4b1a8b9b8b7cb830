// Recognisable secrets for tests: the build is made with them in the environment (npm run
// build:canary), the integration servers run with them, and the integration tests search the build
// output, the served pages, every response and the server log for them.
export const CANARY_TOKEN = "vps_canary_9d2f6c1be84a4f0b8c1d";
export const CANARY_AUTH_SECRET = "auth_canary_3b7e19d04c6a4f2e9a8d5c1b0f6e2d7a";
export const CANARY_OIDC_CLIENT_SECRET = "oidc_canary_6a1f8e3c2b9d4705a4e1c8b3d2f0e9a7";

export const CANARY_METRICS_TOKEN = "metrics_canary_5e2c8a1f9b7d4c36a0e4f8b2d6c1a9e7";

export const CANARIES = [CANARY_TOKEN, CANARY_AUTH_SECRET, CANARY_OIDC_CLIENT_SECRET, CANARY_METRICS_TOKEN];
