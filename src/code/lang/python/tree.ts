/**
 * tree-sitter's syntax tree copied once into plain JS objects. Every property read on a
 * web-tree-sitter `Node` crosses into WebAssembly and allocates, and lowering reads each node's
 * fields many times: lowering through the wasm objects took 20 ms on a 300-line file whose parse
 * takes 1.8 ms; copied first, the whole reading takes 7 ms (bench/python.bench.ts). One walk with a tree cursor copies what lowering
 * needs (type, offsets, named, missing, field name, children), the wasm tree is freed right after,
 * and lowering reads plain objects with the same method names as web-tree-sitter's `Node`.
 */
import type { SyntaxTree } from './parser.js';

export class PyNode {
  readonly children: PyNode[] = [];
  hasError = false;
  private named: PyNode[] | null = null;

  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    /** The field this node fills in its parent (`left`, `body`, …), or null. */
    readonly field: string | null,
    private readonly source: string,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): PyNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  get childCount(): number {
    return this.children.length;
  }

  child(i: number): PyNode | null {
    return this.children[i] ?? null;
  }

  fieldNameForChild(i: number): string | null {
    return this.children[i]?.field ?? null;
  }

  childForFieldName(name: string): PyNode | null {
    return this.children.find((c) => c.field === name) ?? null;
  }

  childrenForFieldName(name: string): PyNode[] {
    return this.children.filter((c) => c.field === name);
  }

  toString(): string {
    const named = this.namedChildren;
    return named.length === 0 ? `(${this.type})` : `(${this.type} ${named.map((c) => `${c.field ? `${c.field}: ` : ''}${c.toString()}`).join(' ')})`;
  }
}

/** Copies `tree` (parsed from `source`) into PyNodes; the caller still owns and frees `tree`. */
export function plainTree(tree: SyntaxTree, source: string): PyNode {
  const c = tree.walk();
  try {
    const make = () => new PyNode(c.nodeType, c.startIndex, c.endIndex, c.nodeIsNamed, c.nodeIsMissing, c.currentFieldName, source);
    const root = make();
    const order: PyNode[] = [root];
    const parents: PyNode[] = [root];
    if (c.gotoFirstChild()) {
      walk: for (;;) {
        const n = make();
        parents[parents.length - 1]!.children.push(n);
        order.push(n);
        if (c.gotoFirstChild()) {
          parents.push(n);
          continue;
        }
        while (!c.gotoNextSibling()) {
          if (parents.length === 1) break walk;
          c.gotoParent();
          parents.pop();
        }
      }
    }
    // Children come after their parent in `order`: backwards, each node's children are final.
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      n.hasError = n.type === 'ERROR' || n.isMissing || n.children.some((k) => k.hasError);
    }
    return root;
  } finally {
    c.delete();
  }
}
