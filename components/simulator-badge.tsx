import { useTranslations } from "next-intl";

/** Says plainly that the data is not a real VPS.org account. */
export function SimulatorBadge() {
  const t = useTranslations("Simulator");
  return (
    <p className="inline-flex items-center gap-2 rounded-full bg-amber-100 px-3 py-1 text-sm font-medium text-amber-950 ring-1 ring-inset ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-800">
      <span aria-hidden="true" className="size-2 rounded-full bg-amber-500" />
      {t("badge")}
    </p>
  );
}
