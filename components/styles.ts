// Shared class lists, so every button, field and dialog looks and focuses the same way.

const buttonBase =
  "inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:focus-visible:outline-blue-400";

export const buttonStyles = {
  primary: `${buttonBase} bg-blue-700 text-white shadow-sm hover:bg-blue-800 disabled:hover:bg-blue-700 dark:bg-blue-500 dark:text-zinc-950 dark:hover:bg-blue-400`,
  secondary: `${buttonBase} border border-zinc-300 bg-white text-zinc-900 shadow-sm hover:bg-zinc-100 disabled:hover:bg-white dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`,
  danger: `${buttonBase} bg-red-700 text-white shadow-sm hover:bg-red-800 disabled:hover:bg-red-700 dark:bg-red-500 dark:text-zinc-950 dark:hover:bg-red-400`,
  small: `${buttonBase} border border-zinc-300 bg-white px-2.5 py-1.5 text-xs text-zinc-900 hover:bg-zinc-100 disabled:hover:bg-white dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`,
  smallDanger: `${buttonBase} border border-red-300 bg-white px-2.5 py-1.5 text-xs text-red-800 hover:bg-red-50 disabled:hover:bg-white dark:border-red-900 dark:bg-zinc-900 dark:text-red-300 dark:hover:bg-red-950`,
} as const;

export const fieldStyles =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-500 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400 dark:focus-visible:outline-blue-400 dark:aria-invalid:border-red-400";

export const labelStyles = "block text-sm font-medium text-zinc-800 dark:text-zinc-200";

export const dialogStyles = {
  overlay: "fixed inset-0 z-40 bg-zinc-950/50 backdrop-blur-[1px] data-[state=open]:animate-[fade-in_120ms_ease-out]",
  content:
    "fixed left-1/2 top-1/2 z-50 max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-xl border border-zinc-200 bg-white p-6 text-zinc-900 shadow-xl focus:outline-none data-[state=open]:animate-[dialog-in_140ms_ease-out] dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100",
  title: "text-lg font-semibold",
  description: "mt-2 text-sm text-zinc-700 dark:text-zinc-300",
  footer: "mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end",
  error:
    "mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-200",
} as const;

export const fieldErrorStyles = "mt-1 text-sm text-red-700 dark:text-red-300";
export const hintStyles = "mt-1 text-xs text-zinc-600 dark:text-zinc-400";
