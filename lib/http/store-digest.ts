// Imports nothing: app/error.tsx (in every page's first load) needs only this constant, and
// lib/http/api-error.ts brings all of zod with it.

/**
 * The `digest` of the error a page's server render throws when the store cannot be reached: Next.js
 * keeps it (and hides the message) on the way to the error page (app/error.tsx), which then says so.
 * The same string as the API's `store_unavailable` code (lib/http/api-error.ts checks it).
 */
export const STORE_UNAVAILABLE_DIGEST = "store_unavailable";
