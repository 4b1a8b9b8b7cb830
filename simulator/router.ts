/** A tiny method + path router. `{name}` in a template matches a run of digits (every path id is an integer). */

export interface HandlerResult {
  status: number;
  /** JSON-serializable; omitted for empty responses such as 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Params = Readonly<Record<string, string>>;
export type Handler<C> = (ctx: C, params: Params) => HandlerResult | Promise<HandlerResult>;

export type RouteMatch<C> =
  | { kind: "found"; handler: Handler<C>; params: Params }
  | { kind: "method_not_allowed"; allowed: string[] }
  | { kind: "not_found" };

interface Route<C> {
  method: string;
  pattern: RegExp;
  paramNames: string[];
  handler: Handler<C>;
}

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  on(method: string, template: string, handler: Handler<C>): this {
    const paramNames: string[] = [];
    const source = template
      .split(/(\{\w+\})/)
      .map((part) => {
        const param = /^\{(\w+)\}$/.exec(part);
        if (!param?.[1]) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
        paramNames.push(param[1]);
        return "(\\d+)";
      })
      .join("");
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), paramNames, handler });
    return this;
  }

  /** HEAD is served by the GET route. */
  match(method: string, path: string): RouteMatch<C> {
    const lookup = method === "HEAD" ? "GET" : method;
    const allowed: string[] = [];
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      if (route.method === lookup) {
        const params = Object.fromEntries(route.paramNames.map((name, i) => [name, found[i + 1] ?? ""]));
        return { kind: "found", handler: route.handler, params };
      }
      allowed.push(route.method);
      if (route.method === "GET") allowed.push("HEAD");
    }
    return allowed.length > 0 ? { kind: "method_not_allowed", allowed } : { kind: "not_found" };
  }
}

/** A path parameter as an integer (the router only matches digits). */
export function intParam(params: Params, name: string): number {
  return Number(params[name]);
}
