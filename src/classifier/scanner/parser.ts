import TreeSitter from 'tree-sitter';
import Bash from 'tree-sitter-bash';

/**
 * A plain-JavaScript copy of a tree-sitter node. The binding's nodes cross into native
 * code on every property read; the scanner reads each node many times, so it copies the
 * tree once with a cursor and then walks ordinary objects. The API mirrors the subset of
 * tree-sitter's SyntaxNode the scanner uses.
 */
/** Leaves share one empty list; copyTree gives a node its own lists when it has children. */
const NO_CHILDREN: SyntaxNode[] = [];

export class SyntaxNode {
  children: SyntaxNode[] = NO_CHILDREN;
  namedChildren: SyntaxNode[] = NO_CHILDREN;
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

/** What a node type id says once: its name and whether it is named (ids come from the grammar). */
interface TypeInfo {
  type: string;
  named: boolean;
}
const typeInfo: Array<TypeInfo | undefined> = [];
const fieldNames: Array<string | null | undefined> = [];

/**
 * Copies the tree iteratively (deep nesting must not overflow the JS stack). Every cursor
 * property is a call into native code, so per node only the type id, the offsets and the field
 * id are read; names come from tables filled the first time an id is met, and `isMissing`
 * (always a zero-width leaf) is asked only of zero-width nodes.
 */
function copyTree(tree: TreeSitter.Tree, source: string): SyntaxNode {
  const cursor = tree.walk();
  const make = (): SyntaxNode => {
    const typeId = cursor.nodeTypeId;
    let info = typeInfo[typeId];
    if (!info) {
      info = { type: cursor.nodeType, named: cursor.nodeIsNamed };
      typeInfo[typeId] = info;
    }
    const fieldId = cursor.currentFieldId;
    let field = fieldNames[fieldId];
    if (field === undefined) {
      field = cursor.currentFieldName || null;
      fieldNames[fieldId] = field;
    }
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const missing = start === end && cursor.nodeIsMissing;
    return new SyntaxNode(info.type, info.named, missing, start, end, field, source);
  };
  const root = make();
  const stack: SyntaxNode[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const node = make();
    const parent = stack[stack.length - 1]!;
    if (parent.children === NO_CHILDREN) {
      parent.children = [];
      parent.namedChildren = [];
    }
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
  // The binding copies input through a buffer of bufferSize UTF-16 units (64 KiB by default, zeroed per parse).
  const tree = sharedParser().parse(text, null, { bufferSize: text.length + 1 }) as TreeSitter.Tree;
  return copyTree(tree, text);
}
