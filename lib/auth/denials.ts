// What the signed-in role may not do on the backups page, and why: worked out on the server (from
// lib/auth/roles.ts) and passed to the page as plain text in the page's language (the "Denials"
// catalog namespace), so the browser loads no access-control code. null: allowed. The page disables a
// denied control and gives this reason, rather than hiding it.

export interface BackupDenials {
  create: string | null;
  delete: string | null;
  restore: string | null;
}

/**
 * A translator of the "Denials" namespace (on the server, `await getTranslations("Denials")`): a
 * reason per action, and `youAre` ("you are an operator") for the role, by name or "unknown".
 */
export type DenialTranslator = (key: keyof BackupDenials | "youAre", values: Record<string, string>) => string;

/** The id of the hidden text that explains a denial; denied controls point to it with aria-describedby. */
export const denialReasonId = (action: keyof BackupDenials) => `denied-${action}-reason`;

/** The attributes of a control that may be denied: disabled, with the reason as tooltip and accessible description. */
export function deniedControl(action: keyof BackupDenials, denials: BackupDenials) {
  const reason = denials[action];
  return reason === null ? {} : { disabled: true, title: reason, "aria-describedby": denialReasonId(action) };
}
