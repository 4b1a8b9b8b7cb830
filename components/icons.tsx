/** The dashboard's line icons: 16×16, drawn in the text colour, hidden from assistive technology. */
const paths = {
  plus: "M8 3v10M3 8h10",
  close: "M4 4l8 8M12 4l-8 8",
  chevronDown: "M4 6l4 4 4-4",
  lock: "M5.5 7V5a2.5 2.5 0 0 1 5 0v2M3.5 7h9v6.5h-9z",
} as const;

export function Icon({ name, className = "size-4" }: { name: keyof typeof paths; className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className={className}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    >
      <path d={paths[name]} />
    </svg>
  );
}
