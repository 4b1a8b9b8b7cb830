import { denialReasonId, type BackupDenials } from "@/lib/auth/denials";

/** The reasons for what the role may not do, once on the page: the disabled controls point here. */
export function DeniedReasons({ denials }: { denials: BackupDenials }) {
  return (
    <>
      {(Object.keys(denials) as (keyof BackupDenials)[]).map((action) =>
        denials[action] ? (
          <span key={action} id={denialReasonId(action)} className="sr-only">
            {denials[action]}
          </span>
        ) : null,
      )}
    </>
  );
}
