// Prints the code model (IR) a front-end makes of a file, for debugging the lowering:
//   node --import tsx scripts/print-ir.ts FILE [--spans]
// FILE: .py (Python), .ipynb (its code cells joined, magics masked), or TypeScript/JavaScript.
import { readFileSync } from 'node:fs';
import { printModule } from '../src/code/ir/print.js';
import { lowerPython } from '../src/code/lang/python/lower.js';
import { loadPythonParser } from '../src/code/lang/python/parser.js';
import { lowerTs } from '../src/code/lang/ts/lower.js';
import { parseSource } from '../src/code/source.js';
import { joinCodeCells } from '../src/notebooks/codeCells.js';
import { readNotebook } from '../src/notebooks/notebook.js';

const [file, ...flags] = process.argv.slice(2);
if (!file) {
  console.error('usage: node --import tsx scripts/print-ir.ts FILE [--spans]');
  process.exit(2);
}
const spans = flags.includes('--spans');
const text = readFileSync(file, 'utf8');
void (async () => {
  if (/\.py$/.test(file)) console.log(printModule(lowerPython(await loadPythonParser(), file, text), { spans }));
  else if (/\.ipynb$/.test(file)) console.log(printModule(lowerPython(await loadPythonParser(), file, joinCodeCells(readNotebook(text).cells).text), { spans }));
  else {
    const { sf, diagnostics } = parseSource(file, text);
    if (!sf) {
      console.error(diagnostics.map((d) => d.message).join('\n'));
      process.exit(1);
    }
    console.log(printModule(lowerTs(sf).module, { spans }));
  }
})();
