/**
 * Browser-style script files share one global scope: `Matrix.js` defines `function TensorZero(…)`
 * at its top level and `ActivationSigmoidLayer.js`, loaded by a script tag beside it, calls it
 * with no import. Within one checked folder, a name a script file does not define resolves to the
 * top-level function of that name in a sibling script file (a file with no import, export,
 * require or module.exports: a module's names are not global). A name two siblings define is
 * ambiguous and left unresolved. The helper is read (symbolically executed), never run.
 */
import type * as T from 'typescript';
import { ts } from './ts.js';
import { OuterScopes } from './outer-scope.js';
import { parseSource } from './source.js';

export interface ScriptGlobal {
  decl: T.FunctionDeclaration;
  sf: T.SourceFile;
  outer: OuterScopes;
}

/** Whether a file is a plain script: nothing in it imports or exports. */
export function isScriptText(text: string): boolean {
  if (/^\s*(import|export)\b/m.test(text)) return false;
  return !/\brequire\s*\(|\bmodule\.exports\b|(^|[^\w$.])exports\.[A-Za-z_$]|\bdefine\s*\(/m.test(text);
}

/** The global functions each script file can see from its sibling script files (same folder), keyed by path. */
export function scriptGlobals(files: readonly { path: string; text: string }[]): Map<string, ReadonlyMap<string, ScriptGlobal>> {
  const dirOf = (p: string) => {
    const n = p.replace(/\\/g, '/');
    return n.slice(0, Math.max(0, n.lastIndexOf('/')));
  };
  const scripts = files.filter((f) => typeof f.text === 'string' && /\.(js|ts)$/i.test(f.path) && isScriptText(f.text));
  const byDir = new Map<string, typeof scripts>();
  for (const f of scripts) byDir.set(dirOf(f.path), [...(byDir.get(dirOf(f.path)) ?? []), f]);
  const out = new Map<string, ReadonlyMap<string, ScriptGlobal>>();
  for (const group of byDir.values()) {
    if (group.length < 2) continue;
    const defs = new Map<string, { path: string; g: ScriptGlobal } | 'ambiguous'>();
    for (const f of group) {
      let sf: T.SourceFile | null = null;
      try {
        sf = parseSource(f.path, f.text).sf;
      } catch {
        sf = null;
      }
      if (!sf) continue;
      const outer = new OuterScopes(sf);
      for (const st of sf.statements) {
        if (!ts.isFunctionDeclaration(st) || !st.name || !st.body) continue;
        const name = st.name.text;
        defs.set(name, defs.has(name) ? 'ambiguous' : { path: f.path, g: { decl: st, sf, outer } });
      }
    }
    for (const f of group) {
      const seen = new Map<string, ScriptGlobal>();
      for (const [name, d] of defs) if (d !== 'ambiguous' && d.path !== f.path) seen.set(name, d.g);
      if (seen.size > 0) out.set(f.path, seen);
    }
  }
  return out;
}
