import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/lib/auth/server/auth-handler";

// GET /api/auth/get-session – the signed-in user and session, or null
export const { GET } = toNextJsHandler(handleAuthRequest);
