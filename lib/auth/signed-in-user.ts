import type { Role } from "@/lib/auth/role-names";

// Who is signed in, as the server hands it to the pages (plain data: the header renders it too).

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  /** null for a role this version does not know: it grants nothing. */
  role: Role | null;
}

export interface CurrentSession {
  user: SignedInUser;
  sessionId: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
}
