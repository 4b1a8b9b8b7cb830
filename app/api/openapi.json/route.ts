import { defineRoute } from "@/lib/api/route";
import { openApiDocument } from "@/lib/openapi/document";
import packageJson from "@/package.json";

let document: string | undefined;

// GET /api/openapi.json – the OpenAPI 3.1 description of every /api route, made from the zod schemas the handlers parse and answer with (any signed-in user or API key)
export const GET = defineRoute({}, async () => {
  document ??= JSON.stringify(openApiDocument(packageJson.version));
  return new Response(document, {
    headers: { "Content-Type": "application/json", "Cache-Control": "private, max-age=300" },
  });
});
