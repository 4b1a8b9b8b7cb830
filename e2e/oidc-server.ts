// An OpenID Connect identity provider for the end-to-end tests (oauth2-mock-server): it signs in one
// person, without a login form, as soon as the browser reaches its authorize endpoint.
import { parseArgs } from "node:util";
import { OAuth2Server } from "oauth2-mock-server";

const { values } = parseArgs({ options: { port: { type: "string", default: "4111" } } });
const server = new OAuth2Server();
await server.issuer.keys.generate("RS256");
server.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
  Object.assign(token.payload, {
    sub: "e2e-sso-person",
    email: process.env.SSO_EMAIL,
    email_verified: true,
    name: process.env.SSO_NAME,
  });
});
await server.start(Number(values.port), "127.0.0.1");
console.log(`OIDC test server: ${server.issuer.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void server.stop().then(() => process.exit(0)));
