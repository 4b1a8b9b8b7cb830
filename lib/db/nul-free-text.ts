import "server-only";
import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from "kysely";

// PostgreSQL's text cannot hold U+0000: a statement with one in a value fails as a whole ("invalid
// byte sequence for encoding UTF8: 0x00"). Anyone can send one — in a backup's description, a
// user's name, a filter — and so can VPS.org, in any name or description the watcher writes down,
// where one such string made every poll fail. The store writes U+FFFD, the replacement character,
// in its place in every value of every statement, on SQLite as well, so both stores keep the same
// text. (JSON kept as text, like the watcher's picture, spells the character out and keeps it.)

export const NUL_REPLACEMENT = "\uFFFD";

function withoutNul(value: unknown): unknown {
  return typeof value === "string" && value.includes("\u0000") ? value.replaceAll("\u0000", NUL_REPLACEMENT) : value;
}

class NulFreeValues extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = withoutNul(node.value);
    return value === node.value ? super.transformValue(node) : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map(withoutNul) };
  }
}

/** Replaces U+0000 with U+FFFD in the values of every statement (lib/db/database.ts adds it to both dialects). */
export class NulFreeTextPlugin implements KyselyPlugin {
  readonly #transformer = new NulFreeValues();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
