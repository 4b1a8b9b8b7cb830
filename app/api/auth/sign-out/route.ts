import { toNextJsHandler } from "better-auth/next-js";
import { handleAuthRequest } from "@/lib/auth/server/auth-handler";

// POST /api/auth/sign-out – end the current session and clear its cookie
export const { POST } = toNextJsHandler(handleAuthRequest);
