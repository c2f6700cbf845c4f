import TreeSitter from 'tree-sitter';
import Bash from 'tree-sitter-bash';

/**
 * A plain-JavaScript copy of a tree-sitter node. The binding's nodes cross into native
 * code on every property read; the scanner reads each node many times, so it copies the
 * tree once with a cursor and then walks ordinary objects. The API mirrors the subset of
 * tree-sitter's SyntaxNode the scanner uses.
 */
export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  readonly namedChildren: SyntaxNode[] = [];
  hasError: boolean;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    /** The field this node fills in its parent (`name`, `argument`, `redirect` …). */
    readonly fieldName: string | null,
    private readonly source: string,
  ) {
    this.hasError = type === 'ERROR' || isMissing;
  }

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(field: string): SyntaxNode | null {
    return this.children.find((c) => c.fieldName === field) ?? null;
  }

  childrenForFieldName(field: string): SyntaxNode[] {
    return this.children.filter((c) => c.fieldName === field);
  }

  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const found: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [...this.children].reverse();
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (wanted.includes(node.type)) found.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    }
    return found;
  }
}

// One parser per process: creating a parser and loading the grammar costs far more than a parse.
let parser: TreeSitter | null = null;

function sharedParser(): TreeSitter {
  if (!parser) {
    parser = new TreeSitter();
    parser.setLanguage(Bash as unknown as TreeSitter.Language);
  }
  return parser;
}

/** Copies the tree iteratively (deep nesting must not overflow the JS stack). */
function copyTree(tree: TreeSitter.Tree, source: string): SyntaxNode {
  const cursor = tree.walk();
  const make = (): SyntaxNode =>
    new SyntaxNode(
      cursor.nodeType,
      cursor.nodeIsNamed,
      cursor.nodeIsMissing,
      cursor.startIndex,
      cursor.endIndex,
      cursor.currentFieldName || null,
      source,
    );
  const root = make();
  const stack: SyntaxNode[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const node = make();
    const parent = stack[stack.length - 1]!;
    parent.children.push(node);
    if (node.isNamed) parent.namedChildren.push(node);
    if (cursor.gotoFirstChild()) {
      stack.push(node);
      continue;
    }
    if (node.hasError) parent.hasError = true;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return root;
      const done = stack.pop()!;
      const above = stack[stack.length - 1];
      if (done.hasError && above) above.hasError = true;
      if (stack.length === 0) return root;
    }
  }
}

/** Parses a shell script into a plain tree (callers bound its size: see budget.ts). */
export function parseBash(text: string): SyntaxNode {
  const tree = sharedParser().parse(text) as TreeSitter.Tree;
  return copyTree(tree, text);
}
