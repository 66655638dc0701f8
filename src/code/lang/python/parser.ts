/**
 * The Python parser: tree-sitter-python's grammar run by web-tree-sitter, both WebAssembly, so it
 * works the same in the CLI, the language server's workers and the VS Code extension host with no
 * native build (README, design: why this parser). This is the only module that imports
 * web-tree-sitter.
 *
 * Loading is asynchronous (the two .wasm files are compiled, about 20 ms) and happens once per
 * process; parsing is synchronous. So the analysis stays synchronous and only the entry points
 * await `loadPythonParser()` before they read a `.py` file or a notebook's code.
 *
 * Where the .wasm files are: beside the running bundle (scripts/build.mjs copies them into dist/),
 * else, when run from source (tests under tsx), in node_modules. `files` says which were loaded, so
 * a test can tell the bundle's own copies were used.
 *
 * Positions: given a JS string, web-tree-sitter reports `startIndex` in UTF-16 code units, the unit
 * of the code model's spans and of LSP, so no conversion is needed (tested on non-ASCII text).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as WTS from 'web-tree-sitter';

export type SyntaxNode = WTS.Node;
export type SyntaxTree = WTS.Tree;

export const RUNTIME_WASM = 'tree-sitter.wasm';
export const GRAMMAR_WASM = 'tree-sitter-python.wasm';

export interface PythonParser {
  /** Parses `text`; the caller must `delete()` the tree (wasm memory is not garbage-collected) or use `withTree`. */
  parse(text: string): SyntaxTree;
  /** The .wasm files this parser was loaded from. */
  readonly files: { runtime: string; grammar: string };
}

let loading: Promise<PythonParser> | null = null;
let ready: PythonParser | null = null;

/** The folder of the running bundle (dist/ when bundled; this source folder under tsx). */
function ownFolder(): string | null {
  return typeof __dirname === 'string' ? __dirname : null;
}

/** The .wasm files: beside the bundle when both are there, else the installed packages' own. */
export function locateWasm(dir: string | null = ownFolder()): { runtime: string; grammar: string } {
  if (dir && existsSync(join(dir, RUNTIME_WASM)) && existsSync(join(dir, GRAMMAR_WASM))) {
    return { runtime: join(dir, RUNTIME_WASM), grammar: join(dir, GRAMMAR_WASM) };
  }
  // Names in variables: a bundler must not try to resolve these at build time (dist/ has its own copies).
  const packages = { runtime: `web-tree-sitter/${RUNTIME_WASM}`, grammar: `tree-sitter-python/${GRAMMAR_WASM}` };
  return { runtime: require.resolve(packages.runtime), grammar: require.resolve(packages.grammar) };
}

/** Loads the parser once per process; later calls return the same one. */
export function loadPythonParser(dir?: string): Promise<PythonParser> {
  loading ??= (async () => {
    const files = locateWasm(dir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wts = require('web-tree-sitter') as typeof WTS;
    await wts.Parser.init({ locateFile: () => files.runtime });
    const language = await wts.Language.load(files.grammar);
    const parser = new wts.Parser();
    parser.setLanguage(language);
    ready = {
      files,
      parse(text: string): SyntaxTree {
        const tree = parser.parse(text);
        if (!tree) throw new Error('the Python parser returned no tree');
        return tree;
      },
    };
    return ready;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** The loaded parser, or null before `loadPythonParser()` has finished (reading Python then is a programming error). */
export function loadedPythonParser(): PythonParser | null {
  return ready;
}

/** Parses `text`, hands the tree to `use`, and frees it whatever `use` does. */
export function withTree<T>(parser: PythonParser, text: string, use: (tree: SyntaxTree) => T): T {
  const tree = parser.parse(text);
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}
