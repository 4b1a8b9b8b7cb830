// The route a request reached, as its file names it (`/api/backups/[backupId]`), from the path it
// asked and the parameters Next.js matched: what the request log and the metrics group by, so a
// label never holds one value per backup. A segment is a parameter's when it decodes to its value,
// looked for from the end (the dynamic segments of these routes come after the static ones).

export function routeTemplate(pathname: string, params: Record<string, string | string[] | undefined>): string {
  const segments = pathname.split("/");
  const taken = new Set<number>();
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== "string") continue;
    for (let index = segments.length - 1; index > 0; index--) {
      if (!taken.has(index) && decoded(segments[index]!) === value) {
        segments[index] = `[${name}]`;
        taken.add(index);
        break;
      }
    }
  }
  return segments.join("/");
}

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
