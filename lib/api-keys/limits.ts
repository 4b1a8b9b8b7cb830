// Personal API keys: plain values the browser may import (the form's bounds, the key's look).

/** Every key starts with this, so a leaked one is recognisable (and secret scanners can match it). */
export const API_KEY_PREFIX = "vbk_";
/** How many of the key's first characters are kept and shown, to tell keys apart. */
export const API_KEY_SHOWN_LENGTH = API_KEY_PREFIX.length + 8;
export const DEFAULT_API_KEY_EXPIRY_DAYS = 90;
export const MAX_API_KEY_EXPIRY_DAYS = 365;
export const MAX_API_KEY_NAME_LENGTH = 64;
/** Active keys per user: enough for every pipeline, few enough to review. */
export const MAX_ACTIVE_API_KEYS_PER_USER = 25;
