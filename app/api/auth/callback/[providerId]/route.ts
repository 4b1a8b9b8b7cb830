import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/lib/auth/server/auth-handler";

// GET /api/auth/callback/[providerId] – the identity provider's redirect back: sets the session cookie
// POST /api/auth/callback/[providerId] – the same for providers that answer with response_mode=form_post
export const { GET, POST } = toNextJsHandler(handleAuthRequest);
