// A recognisable provider token for tests: the build is made with it in the environment, and the
// integration tests search the build output, the served pages, every response and the server log for it.
export const CANARY_TOKEN = "vps_canary_9d2f6c1be84a4f0b8c1d";
