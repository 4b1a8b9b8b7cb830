import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/lib/auth/server/auth-handler";

// POST /api/auth/sign-in/social – start single sign-on (body {"provider": "oidc", "callbackURL": "/"}); answers the identity provider's URL
export const { POST } = toNextJsHandler(handleAuthRequest);
