/**
 * The Python front-end as one bundle (dist/python.js, scripts/build.mjs): the parser and, as they
 * are written, the lowering into the code model. It is required on the first Python file only, like
 * the TypeScript compiler's dist/typescript.js, so that no other bundle grows for users who never
 * open Python; the two .wasm files sit beside it.
 */
export { loadPythonParser, loadedPythonParser, locateWasm, withTree, type PythonParser, type SyntaxNode, type SyntaxTree } from './parser.js';
export { maskMagics } from './magics.js';
export { lowerPython } from './lower.js';
