import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/lib/auth/server/auth-handler";

// POST /api/auth/sign-in/email – sign in with email and password (rate-limited per account and per IP)
export const { POST } = toNextJsHandler(handleAuthRequest);
