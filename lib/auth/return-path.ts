// Where to go after signing in (`/sign-in?next=`): the server's redirect and the sign-in form both
// go through this, in the browser as on the server, so neither can be talked into leaving the site.

/** An origin that is never served: `next` is resolved against it, and must stay on it. */
const PLACEHOLDER_ORIGIN = "http://dashboard.invalid";

/**
 * Browsers drop tabs, CR and LF from a URL and read `\` as `/`, so `/<TAB>/evil.example` or `/\evil`
 * lands on another site; C0/C1 controls also make an invalid `Location` header (a 500).
 */
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff\\]/;

const MAX_LENGTH = 2048;
const MAX_DECODING_LAYERS = 3;

/** `//host`, `/\\host`, or a character a browser drops or rewrites. */
function leavesThePath(path: string): boolean {
  return /^\/[/\\]/.test(path) || UNSAFE_CHARACTERS.test(path);
}

/**
 * `next` if it is a path of this site (with its query and fragment), else `/`. It must start with
 * one `/`, hold no control character, space or backslash (also percent-encoded), resolve to the
 * dashboard's own origin, and not normalise to `//…` (a scheme-relative URL), neither as it is, nor
 * decoded, nor after Unicode compatibility folding (full-width `／`). The answer is the URL parser's
 * own serialisation, so it is plain ASCII and a valid `Location`.
 */
export function safeReturnPath(next: unknown, origin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof next !== "string" || next.length === 0 || next.length > MAX_LENGTH) return "/";
  if (!next.startsWith("/") || leavesThePath(next)) return "/";
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(next, base);
  } catch {
    return "/";
  }
  if (url.origin !== base.origin || url.username || url.password) return "/";
  const path = url.pathname;
  // What a browser, a proxy or a later decoding step might make of the path: each layer of
  // percent-decoding (more than a few layers is refused), and Unicode compatibility folding of each.
  let form = path;
  for (let layer = 0; ; layer++) {
    if (leavesThePath(form) || leavesThePath(form.normalize("NFKC"))) return "/";
    let decoded: string;
    try {
      decoded = decodeURIComponent(form);
    } catch {
      return "/";
    }
    if (decoded === form) break;
    if (layer === MAX_DECODING_LAYERS) return "/";
    form = decoded;
  }
  return `${path}${url.search}${url.hash}`;
}
