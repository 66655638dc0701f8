/**
 * The analysis pipeline for derivations: source text → math regions → parsed relation chains →
 * definitions (collected in document order, the latest in force) and claims → checks → findings.
 * The CLI prints the findings; the language server turns them into diagnostics and hovers.
 */
import { readableMath, readableTex } from '../text/readable.js';
import { isOpaqueSymbol, showName } from '../text/opaque.js';
import type * as math from 'mathjs';
import {
  analyzeExpression, checkDerivative, checkEquality, derivativeAnalysis, diagnoseSlip, differentiate, evaluateDecimal, simplifyWithinBudget, stabilize, freeVariables, recognize, substitute, toText,
  type CheckReport, type MathNode, type Slip,
} from '../core/index.js';
import { abbreviate, add, call, div, num, sym, treeKey } from '../core/expr/tree.js';
import { BudgetExceeded, budgetExhausted, withinBudget } from '../core/budget.js';
import { BoundedCache } from '../core/cache.js';
import { DOCUMENT_BUDGET, EQUATION_BUDGET, type AnalysisBudget } from '../core/limits.js';
import { collectFunctionNames, collectMacros, derivativeOf, findMathRegions, parseMath, substituteIndex } from '../latex/index.js';
import { NEEDS_DIMENSION, WRITTEN_OUT } from '../latex/vectors.js';
import type { MathRegion, Member, ParseContext, ParsedLine, Relation, SourceFormat, SourceRange } from '../latex/types.js';
import { Environment, Unresolved, opaqueName } from './environment.js';
import { baseFinding, type Finding, type FindingKind } from './findings.js';
import { catalogDerivativeText, definitionSentence, disagreementAt, fmtValue, pointText, readableNames, recognizeQuietly, slipFirstSentence, toTextQuietly, wrongSentence } from './verdictText.js';
import { isDefinableFunctionName, isKnownFunctionName } from './knownFunctions.js';
import { impliedFactorNeedsLabel, type LabelDependence } from './predictionLabel.js';
import { compareValues, constantValue, limitValue, writtenPrecision } from './values.js';

export interface DocumentOptions {
  rtol?: number;
  atol?: number;
  samples?: number;
  range?: readonly [number, number];
  /** Wall-clock budget for one math region, so a pathological formula cannot hang a run. */
  regionBudgetMs?: number;
  /** Time and work limits per equation and per document (src/core/limits.ts has the defaults). */
  budget?: Partial<AnalysisBudget>;
}

interface RegionSettings {
  tolerance: { rtol?: number; atol?: number };
  samples?: number;
  range?: readonly [number, number];
  ignore: boolean;
}

const CHAIN_RELATIONS: ReadonlySet<Relation> = new Set(['eq', 'approx', 'def']);

/**
 * Why an approximation between expressions (f(t + Δt) ≈ f(t) + Δt f′(t), softplus(z) ≈ z for large
 * z) and every later step of its chain is not judged: it holds only in a limit or in a regime said in
 * words. An ≈ between numbers is checked to the precision written (valueClaim).
 */
const APPROXIMATION = 'an approximation between expressions (≈) holds only in a limit or a regime the text describes, so it is not checked as an equality; the steps after it are only as exact as it is';

/** A member that is ready to use: parsed, with its source range and text. */
interface Item {
  node: MathNode;
  range: SourceRange;
  text: string;
  /** The relation that joins it to the member before (null for the first); ≈ once the chain has passed one. */
  relation: Relation | null;
  /** The relation as written before it (= in `f(t + h) ≈ f(t) + h f′(t) = t² + 2th`, where `relation` is ≈). */
  written?: Relation | null;
  /** The member just before it in its chain, across rows and `=`-started displays (issue 13, class 7). */
  prev?: Item;
}

export function analyzeDocument(text: string, format: SourceFormat, options: DocumentOptions = {}): Finding[] {
  return analyzeDocumentTraced(text, format, options).findings;
}

/**
 * What a run learnt about how regions depend on each other, beside its findings, for incremental
 * reuse (incremental.ts): which regions continued an equation whose head is in an earlier region.
 */
export interface DocumentTrace {
  findings: Finding[];
  continuations: readonly { region: number; from: number }[];
}

export function analyzeDocumentTraced(text: string, format: SourceFormat, options: DocumentOptions = {}): DocumentTrace {
  const reading = new DocumentAnalysis(text, format, options);
  const plain = reading.run();
  return { findings: withDimensions(plain, reading, text, format, options), continuations: reading.continuations };
}

function withDimensions(plain: Finding[], first: DocumentAnalysis, text: string, format: SourceFormat, options: DocumentOptions): Finding[] {
  if (!plain.some((f) => SYMBOLIC_RANGE.test(f.message)) && !VECTOR_FUNCTION.test(text)) return plain;
  // Sums and products over i = 1 … n are checked by instantiating the dimension: the document is
  // read with n = 3 and again with n = 4 (sums expanded, the bound's name read as the number); a
  // claim is right when it holds for both, wrong when it fails for either. A chain that reads the
  // same with the dimension as without keeps the plain reading's findings (see Dimension.plain), so
  // the extra readings cost only the claims the dimension changes.
  const names = dimensionNames(text);
  const judged = { findings: byRange(plain), signatures: first.signatures, wrong: first.wrongClaims, definitions: first.definitionKeys, parses: first.parses };
  const component = componentLetter(text);
  const lowercaseEntries = lowercaseEntryLetters(text);
  const symmetric = symmetricMatrices(text);
  const sizes = dimensionSizes(text);
  const reading = (size: number, settled?: Dimension['settled']) =>
    new DocumentAnalysis(text, format, options, { size, names, plain: judged, component, lowercaseEntries, symmetric, ...(settled ? { settled } : {}) });
  const third = reading(sizes[0]!);
  const a = third.run();
  // The second reading can only turn an ok of the first into a mismatch (below), so a claim the
  // first did not find right is not checked again.
  const b = sizes.length > 1 ? reading(sizes[1]!, { findings: notOk(a), wrong: third.wrongClaims }).run() : a;
  const byKey = new Map(b.map((f) => [findingKey(f), f] as const));
  return a.map((f) => {
    const other = byKey.get(findingKey(f));
    return f.verdict === 'ok' && other?.verdict === 'mismatch' ? other : f;
  });
}

// Vector notation (a transpose, ∇ without a subscript, a norm, a column with ⋮) is read the same way.
/** softmax or log-sum-exp applied to a bold vector: read with the dimension instantiated (Parser.vectorFunction). */
const VECTOR_FUNCTION = /(?:softmax|logsumexp|LSE)\}?\s*(?:\\left|\\bigl?|\\Bigl?)?\s*\(\s*\\(?:mathbf|boldsymbol|bm|vec)\b/i;
/**
 * The numbers of terms a symbolic sum is read with: 3 and 4, unless the document itself fixes the
 * size by writing one number as the upper bound of its sums (a three-class softmax, `\sum_{j=1}^{3}`):
 * then the general statements it makes (∂s_i/∂z_j = s_i(δ_ij − s_j)) are about that size, and
 * reading them with another would ask about entries the document never has (s_4, z_4).
 */
function dimensionSizes(text: string): number[] {
  const fixed = new Set<number>();
  for (const m of text.matchAll(/\\(?:sum|prod)(?:\\limits|\\nolimits)?\s*(?:_\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9])\s*)?\^\s*(?:\{\s*(\d+)\s*\}|(\d))/g)) fixed.add(Number(m[1] ?? m[2]));
  const [only] = [...fixed];
  return fixed.size === 1 && only! >= 2 && only! <= 6 ? [only!] : [3, 4];
}

const SYMBOLIC_RANGE = new RegExp(`(sum|product) with symbolic bounds is not supported|${NEEDS_DIMENSION}`);

function findingKey(f: Finding): string {
  return `${f.kind}|${rangeKey(f.range)}`;
}

/**
 * The names that stand for the number of terms: every upper bound of a sum or product written as a
 * name (`\sum_{i=1}^{n}`, `\prod_{k=1}^K`), and n when a sum leaves its range implicit (`\sum x_i`)
 * while the document writes n on its own (`n - \sum x_i`).
 */
export function dimensionNames(text: string): Set<string> {
  const names = new Set<string>();
  const big = /\\(?:sum|prod)(?:\\limits|\\nolimits)?\s*((?:[_^]\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9])\s*){0,2})/g;
  let implicit = false;
  for (const m of text.matchAll(big)) {
    const up = /\^\s*(?:\{\s*(\\ell|[A-Za-z])\s*(?:-\s*1\s*)?\}|(\\ell|[A-Za-z]))/.exec(m[1]!);
    if (up) names.add((up[1] ?? up[2])!.replace('\\', ''));
    else if (!/\^/.test(m[1]!)) implicit = true;
  }
  if (implicit && /(?<![A-Za-z\\])n(?![A-Za-z])/.test(text)) names.add('n');
  // x_1 + x_2 + \ldots + x_n, a column 2x_1 \\ \vdots \\ 2x_n: the last index after an ellipsis is the size too.
  for (const m of text.matchAll(/\\[lcv]?dots[bcm]?\s*(?:\\\\|[+,&])?\s*[^$\n_]{0,30}?_\s*\{?\s*([A-Za-z])(?![A-Za-z])/g)) names.add(m[1]!);
  return names;
}

/**
 * The letter a vector's free component is read at (vectors.ts): one the document never writes as
 * a name of its own, so it cannot meet the author's indices.
 */
function componentLetter(text: string): string {
  return ['q', 'r', 'u', 'v', 'p', 's', 'o', 'g', 'h'].find((c) => !new RegExp(`(?<![A-Za-z\\\\])${c}(?![A-Za-z])`).test(text)) ?? 'q';
}

/**
 * Whether σ is the sigmoid throughout: applied to an argument somewhere, and never written as a
 * quantity (σ², σ_k, σ^{(l)}, σ >, a standard deviation). Then a bare σ' is the derivative shorthand.
 */
function sigmoidOnlyAsFunction(text: string): boolean {
  return /\\sigma\s*(?:\\left)?\s*\(/.test(text) && !/\\sigma\s*(?:\^|_|>|<|\\[lg]e|\\[lg]eq|\\in\b)/.test(text);
}

/** Letters whose matrix entries the document writes in lower case: with two indices (a_{jk}, x_{11}, w_{i,j}), or as rows \mathbf{x}_i. */
function lowercaseEntryLetters(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![A-Za-z\\])([a-z])_\s*\{\s*[a-z0-9]\s*,?\s*[a-z0-9]\s*\}/g)) out.add(m[1]!);
  // Samples written as bold vectors \mathbf{x}_i are the rows of the matrix X: its entries are x_{ij} too.
  for (const m of text.matchAll(/\\(?:mathbf|boldsymbol|bm|vec)\s*\{?\s*([a-z])\s*\}?\s*_/g)) out.add(m[1]!);
  return out;
}

/** How sums over a symbolic range are instantiated: the number of terms and the names read as it. */
interface Dimension {
  size: number;
  names: ReadonlySet<string>;
  /** The free component index of vectors (ParseContext.componentIndex). */
  component?: string;
  lowercaseEntries?: ReadonlySet<string>;
  /** Capital letters of matrices the document calls symmetric. */
  symmetric?: ReadonlySet<string>;
  /**
   * What the plain reading (no dimension) found, for the chains that read the same with the
   * dimension: by claim range, its findings, the signature of the chain the claim was checked in
   * (DocumentAnalysis.signature: the claims, what they resolve to, the definitions they use), and
   * the claims it found wrong (a later step that follows from one carries its slip).
   */
  plain: {
    findings: ReadonlyMap<string, readonly Finding[]>;
    signatures: ReadonlyMap<string, string>;
    wrong: ReadonlyMap<string, number>;
    definitions: ReadonlyMap<string, { key: string; finding: Finding }>;
    parses: DocumentAnalysis['parses'];
  };
  /** In the second reading: claims whose outcome the first reading already fixed (none of its findings is ok), by range, and the claims it found wrong. */
  settled?: { findings: ReadonlyMap<string, readonly Finding[]>; wrong: ReadonlyMap<string, number> };
}

function rangeKey(r: SourceRange): string {
  return `${r.start.line}:${r.start.character}|${r.end.line}:${r.end.character}`;
}

/** The findings of a reading at the ranges where none is ok, by range (see Dimension.settled). */
function notOk(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = byRange(findings);
  for (const [k, fs] of out) if (fs.some((f) => f.verdict === 'ok')) out.delete(k);
  return out;
}

/** A reading's findings other than definitions, by range. */
function byRange(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.kind === 'definition') continue; // definitions are always read again: they build the environment
    const k = rangeKey(f.range);
    out.set(k, [...(out.get(k) ?? []), f]);
  }
  return out;
}

function withDimension(node: MathNode, dim: Dimension): MathNode {
  return node.transform((n: MathNode, _path: string, parent: MathNode | null) => {
    // \lim_{n→∞}(1 + 1/n)^n runs over its own n, whatever the size is called: a copy is not entered.
    if (isCall(n, 'limit')) {
      const v = (n as math.FunctionNode).args[1];
      if (v?.type === 'SymbolNode' && dim.names.has((v as math.SymbolNode).name)) return n.cloneDeep();
    }
    if (n.type !== 'SymbolNode') return n;
    if (parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === n) return n;
    return dim.names.has((n as math.SymbolNode).name) ? num(dim.size) : n;
  });
}

class DocumentAnalysis {
  private readonly env = new Environment();
  private readonly findings: Finding[] = [];
  private readonly documentFunctions = new Set<string>();
  /** The first member of the last chain, for a display that starts with `=` (its left side was in the previous display). */
  private lastHead: Item | null = null;
  /** The region being read, and the one lastHead came from (for the trace of continued displays). */
  private region = -1;
  private lastHeadRegion = -1;
  /** Regions whose first chain took its head from an earlier region (`$$= 0$$` after `$$f'(x)$$`). */
  readonly continuations: { region: number; from: number }[] = [];
  /** Whether that chain had passed an ≈ between expressions: its continuation is only as exact (class 2). */
  private lastApprox = false;
  /** The last member of the last chain: the step a continuing row or `=`-started display follows from. */
  private lastMember: Item | null = null;
  /** Claims found wrong, by source range: a later step that follows from one of them carries its slip. */
  readonly wrongClaims = new Map<string, number>();
  /** The plain reading's chain signatures, by claim range (see signature()). */
  readonly signatures = new Map<string, string>();
  /**
   * In the plain reading: whether a region so far needed the dimension, so the instantiated readings
   * will run and what they can reuse is worth keeping (parses, signatures, definition findings);
   * what came before is read again there, which is only slower, never different.
   */
  private recording = false;
  /** The plain reading's parse of each region, with what it asked of its context (see parseRegion). */
  readonly parses = new Map<number, { parsed: ReturnType<typeof parseMath>; asked: readonly ['isFunction' | 'isDocumentFunction', string, boolean][]; looked: () => boolean }>();
  /** The plain reading's definition findings with the key they were made from, by range (see definitionFinding). */
  readonly definitionKeys = new Map<string, { key: string; finding: Finding }>();
  /** The index case stated last ("if j = k"), for the next few chains. */
  private indexCase: { a: string; b: string; equal: boolean; chains: number } | null = null;
  /** The formula being read writes a vector or matrix out entry by entry (see writtenOutVectors). */
  private writtenOut = false;
  /** How many more chains are read as steps solving the last `… = 0` condition. */
  private solving = 0;
  /** The region being read gives a value in words ("with $y = 1$", "starting at $t := 0$"): a case assumption. */
  private inAssumption = false;
  /** The prose around the region names a regime ("for small ε", "to first order"): its = are approximations. */
  private inRegime = false;
  /** Whether the region being read is a display (a constant set there is document-wide, not a case). */
  private inDisplay = false;
  /** Names set to a number in running text ("at $x = 2$", "$N = 24.42$"): cases, where each was set. */
  private readonly inlineCases = new Map<string, SourceRange>();
  /** Lines of top-level headings (Markdown `# `, LaTeX \section), in order. */
  private topHeadings: number[] = [];
  /** Lines where a bare name is written as the left side of `=` (a definition, possibly later than the claim). */
  private definedAtLines = new Map<string, number[]>();
  /** The last line where a defined name was written again with the same meaning (a restatement). */
  private readonly restatedAt = new Map<string, number>();
  /** Facts the text states about labels ("$y \\in \\{0, 1\\}$", "where $t$ is one-hot"), by name: the line stated. */
  private facts: StatedFacts = { binary: new Map(), signs: new Map(), oneHot: new Map(), sumsToOne: new Map() };
  /** Inside overIndices' loop over index values, where each instance is a claim of its own. */
  private instantiating = false;
  /** The range of each definition's finding, by the range of its body (what the environment records as where a name is defined). */
  private readonly definitionAt = new Map<string, SourceRange>();

  constructor(private readonly text: string, private readonly format: SourceFormat, private readonly options: DocumentOptions, private readonly dimension?: Dimension) {}

  run(): Finding[] {
    const b = this.options.budget ?? {};
    return withinBudget(b.document ?? DOCUMENT_BUDGET, () => this.runWithin(b.equation ?? EQUATION_BUDGET));
  }

  /**
   * Every equation (a line of a formula) has a budget of its own inside the document's: past it, its
   * remaining claims are unverified as too large to check in time and the next equation starts
   * afresh; past the document's, the formulas left are reported unchecked, so a run always ends.
   */
  private runWithin(equation: { ms: number; work: number }): Finding[] {
    const regions = findMathRegions(this.text, this.format);
    for (const r of regions) for (const name of collectFunctionNames(r.text)) this.documentFunctions.add(name);
    const macros = this.format === 'tex' ? collectMacros(this.text) : new Map();
    const pointFreeNames = sigmoidOnlyAsFunction(this.text) ? new Set(['sigma']) : new Set<string>();
    const ctx = { pointFreeNames, isFunction: (name: string) => this.documentFunctions.has(name) || this.env.isFunction(name) || isKnownFunctionName(name), isDocumentFunction: (name: string) => this.documentFunctions.has(name) || this.env.isFunction(name), macros, ...(this.dimension ? { dimension: this.dimension.size, componentIndex: this.dimension.component ?? 'q', ...(this.dimension.lowercaseEntries ? { lowercaseEntries: this.dimension.lowercaseEntries } : {}) } : {}) };
    const prose = proseDefinitions(this.text, regions);
    const assumed = caseAssumptions(this.text, regions);
    const regimes = regimeRegions(this.text, regions);
    const headings = headingsBefore(this.text, regions, this.format);
    this.topHeadings = topLevelHeadings(this.text, this.format);
    this.definedAtLines = definitionLines(regions);
    this.facts = statedFacts(this.text, regions);
    for (let k = 0; k < regions.length; k++) {
      const region = regions[k]!;
      this.region = k;
      const settings = this.settingsOf(region);
      if (settings.ignore) continue;
      this.inAssumption = assumed.has(k);
      this.inDisplay = region.display;
      if (headings.has(k)) this.forgetCaseValues();
      this.inRegime = regimes.has(k);
      const definedBy = prose.get(k);
      if (definedBy !== undefined && this.proseDefinition(region, regions[definedBy]!, ctx)) { k = definedBy; continue; }
      if (region.unterminated) {
        this.findings.push(baseFinding('equality', region.range, `unterminated math: the closing ${region.delimiter === '$' ? '$' : 'delimiter'} for ${region.delimiter} is missing`, 'unverified'));
      }
      const started = Date.now();
      const budget = this.options.regionBudgetMs ?? 5000;
      const parsed = this.parseRegion(k, region.text, ctx);
      const dim = this.dimension;
      this.writtenOut = parsed.lines.some((l) => l.members.some((m) => m.error?.includes(WRITTEN_OUT)));
      if (dim && dim.names.size > 0) {
        for (const line of parsed.lines) {
          for (const m of line.members) {
            // `K = 7` keeps its name (the chain is skipped as a statement of the size); elsewhere K is the size.
            if (m.node && !(m.node.type === 'SymbolNode' && dim.names.has((m.node as math.SymbolNode).name))) m.node = withDimension(m.node, dim);
          }
        }
      }
      for (const line of parsed.lines) {
        if (Date.now() - started > budget) {
          this.findings.push(baseFinding('equality', region.range, `not checked: this formula took longer than the time budget of ${budget} ms`, 'unverified'));
          break;
        }
        if (budgetExhausted()) {
          this.findings.push(baseFinding('equality', region.range, 'not checked: the document is too large to check in time (its time budget ran out before this formula)', 'unverified'));
          break;
        }
        try {
          withinBudget(equation, () => this.line(region, line, settings));
        } catch (e) {
          if (!(e instanceof BudgetExceeded)) throw e;
          this.findings.push(baseFinding('equality', region.range, `not checked: ${e.message}`, 'unverified'));
        }
      }
    }
    return this.findings;
  }

  /**
   * A region's math, parsed. The plain reading records what each parse asked of its context (which
   * names are functions, and whether it looked at the dimension at all); a reading with the
   * dimension reuses that parse when it did not look and every name gets the same answer now, since
   * the parse would then come out the same.
   */
  private parseRegion(k: number, text: string, ctx: ParseContext): ReturnType<typeof parseMath> {
    const dim = this.dimension;
    if (!dim) {
      const asked: [kind: 'isFunction' | 'isDocumentFunction', name: string, answer: boolean][] = [];
      let looked = false;
      // Every other field of the context is passed on as it is (a new field must not be lost here).
      const watched: ParseContext = {
        ...ctx,
        isFunction: (name) => { const a = ctx.isFunction(name); asked.push(['isFunction', name, a]); return a; },
        isDocumentFunction: (name) => { const a = ctx.isDocumentFunction?.(name) ?? false; asked.push(['isDocumentFunction', name, a]); return a; },
        get dimension() { looked = true; return undefined; },
        get componentIndex() { looked = true; return undefined; },
        get lowercaseEntries() { looked = true; return undefined; },
      };
      const parsed = parseMath(text, watched);
      // What the instantiated readings would reuse is kept only once the document is seen to need
      // them (a sum or vector notation the plain reading cannot read): nothing is kept for the rest.
      this.recording ||= parsed.lines.some((l) => l.members.some((m) => m.error !== null && SYMBOLIC_RANGE.test(m.error)));
      if (this.recording) this.parses.set(k, { parsed, asked, looked: () => looked });
      return parsed;
    }
    const before = dim.plain.parses.get(k);
    if (before && !before.looked() && before.asked.every(([kind, name, answer]) => (ctx[kind]?.(name) ?? false) === answer)) {
      // Members are changed in place below (the dimension substituted): each reading gets its own.
      return { lines: before.parsed.lines.map((l) => ({ ...l, members: l.members.map((m) => ({ ...m })) })) };
    }
    return parseMath(text, ctx);
  }

  /** "Define $z$ as $f[x_i, \phi]$": a definition written in words between two inline formulas. */
  private proseDefinition(name: MathRegion, value: MathRegion, ctx: { isFunction(n: string): boolean }): boolean {
    const a = parseMath(name.text, ctx).lines, b = parseMath(value.text, ctx).lines;
    const head = a.length === 1 && a[0]!.members.length === 1 ? a[0]!.members[0]! : null;
    const body = b.length === 1 && b[0]!.members.length === 1 ? b[0]!.members[0]! : null;
    if (!head?.node || !body?.node || !this.definable(head.node)) return false;
    const h: Item = { node: head.node, range: this.rangeOf(name, head), text: name.text.trim(), relation: null };
    const v: Item = { node: body.node, range: this.rangeOf(value, body), text: value.text.trim(), relation: 'eq' };
    this.define(h, v);
    this.definitionFinding(h, v, [h]);
    return true;
  }

  private settingsOf(region: MathRegion): RegionSettings {
    const s: RegionSettings = { tolerance: {}, ignore: false };
    if (this.options.range) s.range = this.options.range;
    if (this.options.samples !== undefined) s.samples = this.options.samples;
    if (this.options.rtol !== undefined) s.tolerance.rtol = this.options.rtol;
    if (this.options.atol !== undefined) s.tolerance.atol = this.options.atol;
    for (const d of region.directives) {
      if (d.unknown || d.error) {
        this.findings.push(baseFinding('equality', d.range, d.error ? `gradlens directive: ${d.error}` : `unknown gradlens directive "${d.key}" (known: range, tolerance, samples, ignore)`, 'unverified'));
        continue;
      }
      const nums = d.args.map(Number);
      if (d.key === 'range' && nums.length === 2 && nums[0]! < nums[1]!) s.range = [nums[0]!, nums[1]!];
      else if (d.key === 'tolerance' && nums.length >= 1) { s.tolerance.rtol = nums[0]; if (nums.length > 1) s.tolerance.atol = nums[1]; }
      else if (d.key === 'samples' && nums.length === 1) s.samples = nums[0]!;
      else if (d.key === 'ignore') s.ignore = true;
    }
    return s;
  }

  private rangeOf(region: MathRegion, m: { start: number; end: number }): SourceRange {
    return { start: region.positionAt(m.start), end: region.positionAt(m.end) };
  }

  private line(region: MathRegion, line: ParsedLine, settings: RegionSettings): void {
    // Split into independent chains at ⇒.
    let chain: { member: Member; relation: Relation | null }[] = [];
    const chains: typeof chain[] = [];
    line.members.forEach((member, i) => {
      const relation = i === 0 ? null : line.relations[i - 1]!;
      if (relation === 'implies') { chains.push(chain); chain = []; chain.push({ member, relation: null }); }
      else chain.push({ member, relation });
    });
    chains.push(chain);
    for (const c of chains) this.chain(region, line, c, settings);
  }

  private chain(region: MathRegion, line: ParsedLine, members: { member: Member; relation: Relation | null }[], settings: RegionSettings): void {
    if (members.length < 2) {
      // A display with a lone expression may be continued by the next display (`$$= 0$$`).
      const only = members[0]?.member;
      if (region.display && only?.node) {
        this.lastHead = { node: only.node, range: this.rangeOf(region, only), text: region.text.slice(only.start, only.end).trim(), relation: null };
        this.lastHeadRegion = this.region;
        this.lastApprox = false;
        this.lastMember = this.lastHead;
      }
      return; // a mention, not a claim
    }
    // `a = b = 5/6 \neq 3/4`, `y'' = -6 < 0`: the equalities before an inequality are still claims.
    // "If $j = k$ …", "If $j \neq k$ …": a case on two indices for the next displays, not a definition.
    if (members.length === 2 && (members[1]!.relation === 'eq' || members[1]!.relation === 'ne')) {
      const [a, b] = members.map((m) => (m.member.node?.type === 'SymbolNode' ? (m.member.node as math.SymbolNode).name : ''));
      if (a && b && a !== b && /^[ijklm]$/.test(a) && /^[ijklm]$/.test(b)) {
        this.indexCase = { a, b, equal: members[1]!.relation === 'eq', chains: 3 };
        return;
      }
    }
    if (this.indexCase && --this.indexCase.chains < 0) this.indexCase = null;
    const firstOther = members.findIndex((m) => m.relation !== null && !CHAIN_RELATIONS.has(m.relation));
    if (firstOther >= 0) {
      if (firstOther < 2) return; // inequalities, conditions
      members = members.slice(0, firstOther);
    }
    const items: Item[] = [];
    let pendingApprox = false;
    let readBeforeError = -1; // how many members were read before the first one that could not be
    let errorText = '';
    // Every member after an ≈ is compared with the first member, so it is only approximately equal to
    // it too (f(t + Δt) ≈ f(t) + Δt f′(t) = f(t)(1 + Δt)): the relation to the head stays ≈.
    // A row of an align/aligned block that continues one that passed an ≈ is as approximate (class 2).
    // "For small ε, sin ε = ε": an equality the prose qualifies by a regime is an approximation (class 2).
    let sawApprox = (line.continuesPrevious && this.lastApprox) || this.inRegime;
    let continued = false; // the head is the previous display's (this one starts with `=`)
    members.forEach(({ member, relation }, i) => {
      if (relation === 'approx' && (items.length > 0 || i > 0)) sawApprox = true;
      if (member.node) {
        const rel: Relation | null = items.length === 0 ? null : pendingApprox || sawApprox ? 'approx' : relation;
        items.push({ node: member.node, range: this.rangeOf(region, member), text: region.text.slice(member.start, member.end).trim(), relation: rel, written: items.length === 0 ? null : pendingApprox ? 'approx' : relation });
        pendingApprox = false;
        return;
      }
      if (relation === 'approx') pendingApprox = true;
      if (i === 0 && !member.error && this.lastHead) {
        items.push({ ...this.lastHead, relation: null }); // `$$= 0$$` continues the previous display
        continued = true;
        this.continuations.push({ region: this.region, from: this.lastHeadRegion });
        // A row or display continuing a chain that passed an ≈ (f(t + h) ≈ f(t) + h f′(t) \\ &= t² + 2th)
        // is as approximate as it (issue 13, class 2: rows of align/aligned blocks and multi-display chains).
        if (this.lastApprox) sawApprox = true;
        return;
      }
      if (member.error) {
        if (readBeforeError < 0) { readBeforeError = items.length; errorText = region.text.slice(member.start, member.end); }
        this.findings.push(baseFinding('equality', this.rangeOf(region, member), `cannot read this math: ${member.error}`, 'unverified'));
      }
    });
    // A definition through math GradLens cannot read: `L = -\sum_{i=1}^{n} …` leaves L an independent
    // quantity (an older L no longer applies: the later definition shadows it); in `h = <unreadable> = Σ`
    // the names the readable rest leaves undefined (Σ) stand for the unreadable math. Either way a
    // derivative through them, with respect to a variable that math mentions, is unknown, not 0.
    if (readBeforeError > 0 && items.slice(0, readBeforeError).every((it) => this.definable(it.node))) {
      const reasonFor = (what: string) => `${abbreviate(what, 30)} is defined by math GradLens cannot read`;
      if (items.length === readBeforeError) {
        for (const it of items) this.env.markUnreadable(nameOf(it.node), reasonFor(it.text), errorText);
        return;
      }
      const heads = new Set(items.slice(0, readBeforeError).map((it) => nameOf(it.node)));
      for (const it of items.slice(readBeforeError)) {
        if (it.node.type !== 'SymbolNode') continue; // a formula written out is the definition; a bare name (Σ) names the unreadable math
        for (const v of freeVariables(it.node)) {
          if (!heads.has(v) && !this.env.isDefinedVariable(v) && !this.env.isFunction(v)) this.env.markUnreadable(v, reasonFor(v), errorText, true);
        }
      }
    }
    if (items.length < 2) return;
    if (this.writtenOutVectors(items.slice(1)) || this.caseOnSummedIndex(line, items.slice(1))) return;
    for (const it of items) it.node = this.primesOnDefinedNames(it.node);
    const head = items[0]!;
    // Each step follows from the one before it; a continuing row or display follows from the last
    // member of the chain it continues (class 7: no step of a multi-display chain is skipped).
    const follows = continued || line.continuesPrevious;
    const stepBefore = follows && this.lastMember && this.lastMember !== this.lastHead ? this.lastMember : head;
    items.forEach((it, k) => { if (k > 0) it.prev = k === 1 ? stepBefore : items[k - 1]; });
    this.lastHead = head;
    this.lastHeadRegion = this.region;
    this.lastMember = items[items.length - 1]!;
    this.lastApprox = sawApprox || items.some((it) => it.relation === 'approx');
    const claims = items.slice(1);
    // `… = 0` with a side that varies is a condition to solve (a first-order condition); the next
    // few equalities that do not hold as identities are steps solving it, not wrong claims.
    const condition = isZeroLiteral(items[items.length - 1]!.node) && items.slice(0, -1).some((it) => freeVariables(it.node).length > 0);
    const solving = this.solving;
    const before = this.findings.length;
    this.route(head, claims, items, line, settings);
    this.placeClaims(this.findings.slice(before), head, claims, continued);
    this.solving = condition ? 6 : Math.max(0, solving - 1);
  }

  /**
   * What the analysis knows about where a claim sits, put on its findings so no consumer rescans
   * the source: its left-hand side (the chain's head, for labels such as `∂h/∂z = h(1 − h)`) and,
   * when the head is in the same formula, the whole equation (pointing at the left-hand side means
   * the claim). A head carried over from the previous display gives no equation: prose lies between.
   */
  private placeClaims(found: readonly Finding[], head: Item, claims: readonly Item[], continued: boolean): void {
    const at = new Map(claims.map((c, k) => [rangeKey(c.range), k] as const));
    for (const f of found) {
      const k = f.kind === 'definition' ? undefined : at.get(rangeKey(f.range));
      if (k === undefined) continue;
      f.subject = { text: head.text, adjacent: k === 0 };
      if (!continued) f.equation = { start: head.range.start, end: f.range.end };
    }
  }

  private route(head: Item, claims: Item[], items: Item[], line: ParsedLine, settings: RegionSettings): void {
    const node = head.node;
    if (isCall(node, 'limit')) return this.limitChain(head, claims, line);
    if (this.dimension && node.type === 'SymbolNode' && this.dimension.names.has((node as math.SymbolNode).name)) return; // `K = 7`: the size, instantiated
    if (isCall(node, 'derivative')) return this.overIndices(head, claims, (h, c) => this.derivativeChain(h, c, settings));
    if (this.rebindsNumber(head, claims)) return this.definitionChain(items, settings);
    if (this.assigns(head, claims)) return this.definitionChain(items, settings);
    // A derivative at a point written as a name (λ̂, a) is an identity in that name, not a value.
    if (isCall(node, 'at') && !this.isConstant(node)) return this.overIndices(head, claims, (h, c) => this.equalityChain(h, c, settings));
    if (isCall(node, 'at') || this.isConstant(node)) return this.valueChain(head, claims);
    if (this.definable(node) && claims[0]!.relation !== 'approx') return this.definitionChain(items, settings);
    return this.overIndices(head, claims, (h, c) => this.equalityChain(h, c, settings));
  }

  /**
   * Index notation, read with the dimension instantiated: the free index letters of a claim
   * (∂s_i/∂x_j, \frac{\partial L}{\partial z_k}, cases on i = j) take every value 1 … n, Kronecker
   * deltas (δ_ij, I_kj) become 1 or 0, and each instance is checked: the claim is right when every
   * instance is, wrong when one is not (the message names that instance).
   */
  /**
   * `y'`, `y''` where y is defined as an expression in one variable (y = −3x² + 72x + 70): its
   * derivatives with respect to that variable, so a later y = … (another model) shadows them too.
   */
  private primesOnDefinedNames(node: MathNode): MathNode {
    return node.transform((n: MathNode) => {
      if (n.type !== 'SymbolNode') return n;
      const m = /^(.+?)((?:_prime)+)$/.exec((n as math.SymbolNode).name);
      if (!m || !this.env.variables.has(m[1]!)) return n;
      // the variable written in its definition, even if a case (x = 12) has since been given for it
      let inputs = freeVariables(this.env.variables.get(m[1]!)!.node);
      if (inputs.length !== 1) {
        try { inputs = freeVariables(this.env.resolve(sym(m[1]!))); } catch { return n; }
      }
      if (inputs.length !== 1) return n;
      return derivativeOf(sym(m[1]!), sym(inputs[0]!), m[2]!.length / '_prime'.length);
    });
  }

  /**
   * A claim wrong for the definition in force but right for an earlier definition of a name it
   * depends on (the exercises' answers after both models, each reusing y): which one the author
   * meant is not written, so this is a reason to leave the claim unverified, never an error.
   */
  private holdsForShadowed(body: MathNode, wrt: string, ok: (f: MathNode) => boolean): string | null {
    for (const { name } of this.env.dependencies(body)) {
      for (const earlier of this.env.shadowed.get(name) ?? []) {
        const holds = this.env.withEarlier(name, earlier, () => {
          try { return ok(this.env.resolve(body, new Set([wrt]))); } catch { return false; }
        });
        if (holds) return `it holds for the earlier definition of ${displayName(name)} (line ${earlier.range.start.line + 1}), not for the one in force; which one is meant is not written`;
      }
    }
    return null;
  }

  /**
   * f(\mathbf{w}) in one exercise, f(\mathbf{x}) in the next, then ∂f/∂\mathbf{w}: the variable says
   * which f is meant when the function in force does not take it as an argument (nor an entry of
   * one) and exactly one earlier definition of that name does. Returns how to name that definition,
   * or null. Asked only once the claim is known to hold for an earlier definition.
   */
  private meantByArgument(body: MathNode, wrt: string): string | null {
    const takes = (params: readonly string[]) => params.some((p) => p === wrt || (wrt.startsWith(`${p}_`) && /^\d+$/.test(wrt.slice(p.length + 1))));
    for (const { name } of this.env.dependencies(body)) {
      const now = this.env.functions.get(name);
      if (!now || takes(now.params)) continue;
      const earlier = (this.env.shadowed.get(name) ?? []).filter((e) => 'params' in e && takes(e.params));
      const param = earlier.length === 1 ? (earlier[0] as { params: string[] }).params.find((p) => takes([p]))! : null;
      if (param) return `the definition of ${displayName(name)} on line ${earlier[0]!.range.start.line + 1} (the one that takes ${displayName(param)} as its argument; the one in force does not)`;
    }
    return null;
  }

  /** Whether the members, through their definitions, reach entries of an expanded sum (a_1, a_2 …). */
  private touchesExpandedSums(items: Item[]): boolean {
    const numbered = (n: MathNode) => freeVariables(n).some((v) => /_\d+(_|$)/.test(v));
    return items.some((it) => {
      // ∂h/∂a_j reaches a_1, a_2 … through h itself, even where the derivative is 0.
      const n = isCall(it.node, 'derivative') ? (it.node as math.FunctionNode).args[0]! : it.node;
      try {
        return numbered(it.node) || numbered(this.env.resolve(n));
      } catch {
        return true;
      }
    });
  }

  /**
   * A chain that writes its vectors or matrices out entry by entry (a 2 × 2 pmatrix) has the size
   * written there, not the instantiated n: beside vector notation read with n = 3 and 4, its
   * members cannot be compared, so they are unverified with that reason.
   */
  /**
   * `\text{if } i \neq k, \text{ then } ∂L/∂w_k = \sum_{i=1}^K …`: a case on the very index a sum
   * of the claim runs over describes some of that sum's terms, not the whole, so the claim is not
   * compared (a case on a free index, as in a Jacobian's i = j entry, is instantiated as usual).
   */
  private caseOnSummedIndex(line: ParsedLine, claims: Item[]): boolean {
    for (const c of line.conditions) {
      const m = /^([a-z])\s*(?:\\neq|\\ne|=|\\not=)\s*([a-z])\s*[,.;]?$/.exec(c.text.trim());
      if (!m) continue;
      const summed = (l: string) => claims.some((it) => new RegExp(`\\\\(?:sum|prod)(?:\\\\limits)?\\s*(?:\\^\\s*(?:\\{[^{}]*\\}|\\\\?\\w+)\\s*)?_\\s*\\{?\\s*${l}(?![A-Za-z])`).test(it.text));
      const letter = [m[1]!, m[2]!].find(summed);
      if (!letter) continue;
      for (const it of claims) this.unverified('equality', it, new Unresolved(`the case ${c.text.replace(/[,.;]$/, '')} is on ${displayName(letter)}, the index a sum of the claim runs over: it describes some of the sum's terms, not the whole`));
      return true;
    }
    return false;
  }

  private writtenOutVectors(claims: Item[]): boolean {
    if (!this.dimension || !this.writtenOut) return false;
    for (const c of claims) this.unverified('equality', c, new Unresolved('its vectors or matrices are written out with a fixed number of entries, while the vector notation beside them is read for n entries'));
    return true;
  }

  /** The index letters the head's own text and the definitions it uses sum or multiply over (\sum_{i=1}^n, \prod_i). */
  private summedLetters(head: Item): Set<string> {
    const lines = this.text.split('\n');
    const source = (r: SourceRange) => lines.slice(r.start.line, r.end.line + 1).join('\n');
    const texts = [head.text, ...this.env.dependencies(head.node).map((d) => source(d.range))];
    const out = new Set<string>();
    for (const t of texts) for (const m of t.matchAll(/\\(?:sum|prod)(?:\\limits)?\s*(?:\^\s*(?:\{[^{}]*\}|\\?\w+)\s*)?_\s*\{?\s*([a-z])(?![A-Za-z])/g)) out.add(m[1]!);
    return out;
  }

  private overIndices(head: Item, claims: Item[], run: (head: Item, claims: Item[]) => void): void {
    if (this.reuseSettled(claims)) return;
    const dim = this.dimension;
    const defined = (v: string) => this.env.isDefinedVariable(v) || (dim?.names.has(v) ?? false);
    let letters = dim ? indexLetters([head, ...claims].map((it) => it.node), defined, dim.component) : [];
    // A case on the indices themselves (\begin{cases} e^{a_i} & i = j \\ 0 & i \neq j \end{cases}) needs them as numbers too.
    const bareIndex = [head, ...claims].some((it) => freeVariables(it.node).some((v) => letters.includes(v)));
    if (!dim || letters.length === 0 || !(this.touchesExpandedSums([head, ...claims]) || bareIndex)) return run(head, claims);
    // ∂ℓ/∂w_j = (y_i − σ(wᵀx_i)) x_ij with ℓ a sum over i: an index free in the claim but not on the
    // left side is one term of a sum (one sample's, one class's), not the whole; it is not compared.
    // Only a letter the left side (or a definition it uses) sums over: \frac{\partial}{\partial a_j} e^{a_j}/Σ
    // = σ_i(…) sums over nothing, so there the free i is the author's slip, checked like any claim.
    const headLetters = indexLetters([head.node], defined, dim.component);
    const summed = this.summedLetters(head);
    const extraIn = (c: Item) => indexLetters([c.node], defined, dim.component).filter((l) => !headLetters.includes(l) && summed.has(l));
    // Such a claim is compared as what it can only mean: summed over that index it must give the left
    // side. Agreement is reported (as one term of the sum); a disagreement is no evidence against the
    // term (the author may have meant another normalisation), so it stays unverified.
    const summedOver = new Map<string, string[]>();
    claims = claims.map((c) => {
      const extra = extraIn(c);
      // Σ_{x=1}^n x_i: a sum in the claim whose letter indexes nothing in it leaves x_i free by a typo of
      // the index, not as one term written on purpose; the claim is read as written.
      if (extra.length === 0 || hasVacuousSum(c.text)) return c;
      let node = c.node;
      for (const l of extra) {
        let total: MathNode | null = null;
        for (let v = 1; v <= dim.size; v++) { const t = substituteIndex(node.cloneDeep(), l, v); total = total ? add(total, t) : t; }
        node = total!;
      }
      summedOver.set(rangeKey(c.range), extra);
      return { ...c, node };
    });
    if (summedOver.size) letters = letters.filter((l) => ![...summedOver.values()].some((e) => e.includes(l)));
    if (letters.length > 3) {
      for (const c of claims) this.unverified('equality', c, new Unresolved(`it has ${letters.length} free indices (${letters.join(', ')}), too many to instantiate`));
      return;
    }
    const assignments: Map<string, number>[] = [new Map()];
    for (const l of letters) {
      const next: Map<string, number>[] = [];
      for (const a of assignments) for (let v = 1; v <= dim.size; v++) next.push(new Map([...a, [l, v]]));
      assignments.splice(0, assignments.length, ...next);
    }
    // Only the instances the stated case allows (j ≠ k after "if j ≠ k").
    const cs = this.indexCase;
    if (cs && letters.includes(cs.a) && letters.includes(cs.b)) {
      const allowed = assignments.filter((a) => (a.get(cs.a) === a.get(cs.b)) === cs.equal);
      assignments.splice(0, assignments.length, ...allowed);
    }
    const merged = new Map<string, { finding: Finding; at: Map<string, number> }>();
    const order: string[] = [];
    this.instantiating = true;
    try {
      for (const a of assignments) {
        const inst = (it: Item): Item => ({ ...it, node: symmetric(kronecker([...a].reduce((n, [l, v]) => substituteIndex(n, l, v), it.node.cloneDeep())), dim.symmetric) });
        const before = this.findings.length;
        run(inst(head), claims.map(inst));
        for (const f of this.findings.splice(before)) {
          const key = findingKey(f);
          const seen = merged.get(key);
          if (!seen) { merged.set(key, { finding: f, at: a }); order.push(key); continue; }
          // An instance where both sides vanish (the i ≠ j entry of a Jacobian) is agreement, not doubt.
          const rank = (x: Finding) => (x.verdict === 'mismatch' ? 3 : x.verdict === 'unverified' ? (/negligibly small at all/.test(x.message) ? 0 : 2) : 1);
          if (rank(f) > rank(seen.finding)) merged.set(key, { finding: f, at: a });
        }
      }
    } finally {
      this.instantiating = false;
    }
    // The free component of a vector is no letter the author wrote: it is named as "the entry".
    const named = (l: string) => (l === dim.component ? 'entry' : displayName(l));
    const where = (a: Map<string, number>) => [...a].map(([l, v]) => (l === dim.component ? `entry ${v}` : `${displayName(l)} = ${v}`)).join(', ');
    for (const key of order) {
      const { finding, at } = merged.get(key)!;
      const term = summedOver.get(rangeKey(finding.range));
      if (term) {
        const over = term.map(displayName).join(', ');
        if (finding.verdict === 'mismatch') {
          const u = baseFinding(finding.kind, finding.range, `${finding.message.replace(/ is wrong[\s\S]*$/, '')} could not be verified: its index ${over} is free while the left side sums over it, so it reads as one term of that sum, and summed over ${over} it does not give the left side`, 'unverified');
          u.expression = finding.expression;
          this.findings.push(u);
          continue;
        }
        if (finding.verdict === 'ok') finding.message = `${finding.message} (as one term of the sum over ${over}: summed over ${over} it gives the left side)`;
      }
      if (finding.verdict === 'mismatch') finding.message = `${finding.message} (with ${where(at)}, ${dim.size} terms in each sum)`;
      else if (finding.verdict === 'ok') finding.message = `${finding.message} (for every ${letters.map(named).join(', ')} in 1 … ${dim.size}, ${dim.size} terms in each sum)`;
      this.findings.push(finding);
    }
  }

  /**
   * `K = 7` after `K = 2`, `Y = 1` then `Y = 0` in a table's headings, "for $t = 0.1$ … for $t = 3.2$":
   * a name set to a number and later to another number is a new case (the later value shadows the
   * earlier one for what follows), never a claim that the two numbers are equal.
   */
  private rebindsNumber(head: Item, claims: Item[]): boolean {
    if (head.node.type !== 'SymbolNode' || claims.length !== 1 || claims[0]!.relation !== 'eq') return false;
    const def = this.env.variables.get((head.node as math.SymbolNode).name);
    if (!def || !isNumberLiteral(def.node) || !isNumberLiteral(claims[0]!.node)) return false;
    try {
      return constantValue(def.node) !== constantValue(claims[0]!.node); // the same number again is a restatement, checked as a value
    } catch {
      return false;
    }
  }

  /**
   * Issue 13, class 1 (scope): a value given to a name (x = 2, "at $t = 0$") is a case for the part of
   * the document it is given in; a heading (a section, an example, a problem) starts afresh, so the
   * names set to numbers before it are free variables again after it.
   */
  private forgetCaseValues(): void {
    for (const [name] of this.inlineCases) if (this.isInlineCase(name)) this.env.variables.delete(name);
    this.inlineCases.clear();
  }

  /** A name whose definition in force is a number set in running text (a constant set in a display is not a case). */
  private isInlineCase(name: string): boolean {
    const d = this.env.variables.get(name), at = this.inlineCases.get(name);
    return !!d && !!at && rangeKey(d.range) === rangeKey(at);
  }

  /**
   * The names a tree depends on that are case values set in the text more than a couple of lines
   * before `line` (x = 2, N = 24.42 in an earlier passage), with their lines. Within its own passage
   * ("let $x = 2$, so $z = 5$") a case value makes a value claim checkable.
   */
  private caseValuesIn(node: MathNode, line: number): string[] {
    return this.env.dependencies(node).filter(({ name, range }) => this.isInlineCase(name) && line - range.end.line > 2)
      .map(({ name, range }) => `${displayName(name)} (line ${range.start.line + 1})`);
  }

  /**
   * Issue 13, class 1 (scope): `t := 0` is a definition by its own words, and a value given in prose
   * ("with label $y = 1$", "starting at $t = 0$", "take $a = 3$") is a case assumption for what
   * follows. Either one shadows an earlier binding of the name; it is never a claim checked against it.
   */
  private assigns(head: Item, claims: Item[]): boolean {
    if (!this.definable(head.node)) return false;
    // `y = x^3 + 2` after y was a number (y = 4 at x = 2), `x = 10/12 = 5/6` after x = 2: a name bound to
    // a value, written again equal to a formula in other names or to another number, is a new definition.
    if (head.node.type === 'SymbolNode' && this.env.isDefinedVariable((head.node as math.SymbolNode).name) && this.isConstant(head.node) && claims[0]!.relation === 'eq') {
      const first = claims[0]!.node;
      if (!isNumberLiteral(first) && freeVariables(first).some((v) => v !== (head.node as math.SymbolNode).name)) return true;
      if (claims.length > 1 && claims.every((c) => isNumberLiteral(c.node))) {
        try { if (constantValue(this.env.resolve(head.node)) !== constantValue(first)) return true; } catch { return true; }
      }
    }
    if (claims.length !== 1) return false;
    if (claims[0]!.relation === 'def') return true;
    if (!this.inAssumption || head.node.type !== 'SymbolNode' || claims[0]!.relation !== 'eq' || !isNumberLiteral(claims[0]!.node)) return false;
    try {
      // The same value again ("for $\alpha = 1$" twice) is a restatement, checked as a value.
      return constantValue(this.env.resolve(head.node)) !== constantValue(claims[0]!.node);
    } catch {
      return true;
    }
  }

  private isConstant(node: MathNode): boolean {
    try {
      return freeVariables(this.env.resolve(node)).length === 0;
    } catch {
      return false;
    }
  }

  /** A name, or a function applied to distinct plain variables: something a definition can define. */
  private definable(node: MathNode): boolean {
    if (node.type === 'SymbolNode') return true;
    if (node.type !== 'FunctionNode') return false;
    const f = node as math.FunctionNode;
    if (['derivative', 'at', 'limit'].includes(f.fn.name)) return false;
    if (!isDefinableFunctionName(f.fn.name)) return false;
    const names = f.args.map((a) => (a.type === 'SymbolNode' ? (a as math.SymbolNode).name : squaredParameter(a)));
    return names.every((n) => n !== null) && new Set(names).size === names.length;
  }

  // ---- definitions ------------------------------------------------------------------------------

  private definitionChain(items: Item[], settings: RegionSettings): void {
    let k = 0;
    while (k < items.length && this.definable(items[k]!.node)) k++;
    const bodyIndex = k < items.length ? k : items.length - 1;
    const body = items[bodyIndex]!;
    const heads = items.slice(0, bodyIndex);
    const first = heads[0]!;
    // A name or function already defined, restated with `=`: an equality claim if it holds (s_1
    // written out from the family s_i; hardtanh restated as max(−1, min(1, x))), else a new definition.
    if (heads.length === 1 && body.relation !== 'def' && this.alreadyDefined(first.node)) {
      const report = this.tryCheck(() => {
        const claim = this.env.resolve(body.node);
        return checkEquality({ f: this.env.resolve(first.node), wrt: firstVariable(claim), claim, ...this.checkOptions(settings) });
      });
      if (report && report.verdict === 'ok') {
        this.claimFinding('equality', body, report, null, null);
        // Written again in this section: the definition in force is the one the section means (class 1).
        this.restatedAt.set(nameOf(first.node), first.range.start.line);
        this.afterBody(items, bodyIndex, settings);
        return;
      }
    }
    // `logit(p) = x` with logit already defined: a given equation, not a new definition of logit.
    // With other parameters (CE(y, p) then CE(t, z)) it is a new definition that shadows the old one.
    const earlier = first.node.type === 'FunctionNode' ? this.env.functions.get((first.node as math.FunctionNode).fn.name) : undefined;
    const sameParams = !!earlier && earlier.params.join(',') === (first.node as math.FunctionNode).args.map((a) => (a as math.SymbolNode).name).join(',');
    if (heads.length === 1 && first.node.type === 'FunctionNode' && sameParams) {
      const params = (first.node as math.FunctionNode).args.map((a) => (a as math.SymbolNode).name);
      if (!freeVariables(body.node).some((v) => params.includes(v))) {
        this.unverified('equality', body, new Unresolved(`this reads as an equation for ${abbreviate(first.text, 30)} (a given), not as an identity or a definition`));
        this.afterBody(items, bodyIndex, settings);
        return;
      }
    }
    // `f(x, y) = z = x^2 − 2y^2`: the function's parameters are z's independent variables too.
    const fnHead = heads.find((h) => h.node.type === 'FunctionNode' && (h.node as math.FunctionNode).args.every((a) => a.type === 'SymbolNode'));
    const params = fnHead ? (fnHead.node as math.FunctionNode).args.map((a) => (a as math.SymbolNode).name) : undefined;
    for (const h of heads) this.define(h, body, params);
    this.definitionFinding(first, body, heads);
    this.afterBody(items, bodyIndex, settings);
  }

  private alreadyDefined(node: MathNode): boolean {
    if (node.type === 'SymbolNode') return this.env.isDefinedVariable((node as math.SymbolNode).name);
    return node.type === 'FunctionNode' && this.env.functions.has((node as math.FunctionNode).fn.name);
  }

  /** Members after the body of a definition are equalities with it. */
  private afterBody(items: Item[], bodyIndex: number, settings: RegionSettings): void {
    let rest = items.slice(bodyIndex + 1);
    // `h = \sum_k e^{a_k} = \Sigma`: a fresh bare name closing a definition chain names the quantity
    // (an abbreviation for what follows), it is not a claim about an unknown.
    const last = rest[rest.length - 1];
    // Only after a variable's definition: `logit(p) = … = x` is an equation for p, not a name for logit.
    if (last && last.node.type === 'SymbolNode' && items[0]!.node.type === 'SymbolNode') {
      const name = (last.node as math.SymbolNode).name;
      const body = items[bodyIndex]!;
      if (!this.env.isDefinedVariable(name) && !this.env.isFunction(name) && !freeVariables(body.node).includes(name) && !items.slice(0, bodyIndex).some((it) => freeVariables(it.node).includes(name))) {
        this.define(last, body);
        rest = rest.slice(0, -1);
      }
    }
    if (rest.length > 0) this.equalityChain(items[bodyIndex]!, rest, settings);
  }

  private define(head: Item, body: Item, independent?: string[]): void {
    if (head.node.type === 'SymbolNode') {
      const name = (head.node as math.SymbolNode).name;
      if (body.node.type === 'SymbolNode' && (body.node as math.SymbolNode).name === name) return;
      this.env.defineVariable(name, body.node, body.range, independent);
      // `f = 2x^3 − 1` in the next example after `f(x) = \sqrt x`: the newer definition of f is the one in force (class 1).
      const fn = this.env.functions.get(name);
      if (fn && treeKey(fn.body) !== treeKey(body.node) && freeVariables(body.node).some((v) => fn.params.includes(v))) this.env.functions.delete(name);
      if (!this.inDisplay && isNumberLiteral(body.node)) this.inlineCases.set(name, body.range);
      return;
    }
    const f = head.node as math.FunctionNode;
    const params = f.args.map((a) => squaredParameter(a) ?? (a as math.SymbolNode).name);
    if (isCall(body.node, f.fn.name)) return; // σ(z) = σ(z)
    this.env.defineFunction(f.fn.name, params, body.node, body.range, f.args.map((a) => squaredParameter(a) !== null));
  }

  private definitionFinding(head: Item, body: Item, heads: Item[]): void {
    const range = { start: head.range.start, end: body.range.end };
    this.definitionAt.set(rangeKey(body.range), range);
    const names = heads.map((h) => h.text).join(' = ');
    const finding = baseFinding('definition', range, `definition of ${abbreviate(names, 40)}`, null);
    let resolved: MathNode;
    try {
      resolved = this.env.resolve(body.node);
    } catch (e) {
      finding.message += ` (${(e as Error).message})`;
      this.findings.push(finding);
      return;
    }
    // A definition's finding is a function of where it is, its names and what its body resolves to:
    // a reading that resolves it to the same tree as the plain one reuses that finding.
    const key = `${names}|${treeKey(resolved)}`;
    const before = this.dimension?.plain.definitions.get(rangeKey(range));
    if (before && before.key === key) { this.findings.push(before.finding); return; }
    if (this.recording) this.definitionKeys.set(rangeKey(range), { key, finding });
    finding.expression = toText(resolved);
    if (freeVariables(resolved).length > 0 && freeVariables(resolved).length <= 6) {
      const rec = recognize(resolved);
      if (rec) {
        const identity = Object.entries(rec.mapping).every(([p, v]) => p === v);
        const a = cachedAnalysis(resolved, rec.input, identity ? rec.entry.stable ?? null : null);
        finding.category = rec.entry.category;
        finding.name = rec.entry.id;
        finding.derivative = a.catalog?.derivative ? readableNames(a.catalog.derivative) : a.derivative ? readableNames(a.derivative.text) : null;
        finding.saturation = a.saturation ? a.saturation.intervals : [];
        finding.instability = a.instability.map((iv) => ({ from: iv.from, to: iv.to, suggestion: iv.suggestion ? readableNames(iv.suggestion) : null }));
        finding.message = definitionSentence({
          name: names, title: rec.entry.title, input: displayName(rec.input), affine: rec.scale !== 1 || rec.shift !== 0,
          saturation: a.saturation?.description ?? null, instability: a.instability, stableForm: finding.instability[0]?.suggestion ?? null,
        });
      }
    }
    this.findings.push(finding);
  }

  // ---- claims -----------------------------------------------------------------------------------

  private checkOptions(settings: RegionSettings) {
    return {
      tolerance: settings.tolerance,
      ...(settings.samples !== undefined ? { samples: settings.samples } : {}),
      ...(settings.range ? { range: settings.range } : {}),
    };
  }

  private tryCheck(run: () => CheckReport): CheckReport | null {
    try { return run(); } catch { return null; } // a spent budget is named by unverified()
  }

  /**
   * Reuse across readings. In the plain reading each chain's signature is recorded; in a reading with
   * the dimension instantiated, a chain whose signature is the same (it reads, resolves and depends
   * on the definitions just as without the dimension) keeps the plain findings, and in the second
   * reading a claim the first did not find right keeps the first's (Dimension.settled). Findings
   * reused carry their effect on later steps (the wrong claims a step may follow from).
   */
  private reuseJudged(head: Item, claims: Item[]): boolean {
    const dim = this.dimension;
    if (this.instantiating) return false; // index instances are judged one by one (overIndices)
    if (!dim) {
      if (this.recording) {
        const sig = this.signature(head, claims);
        for (const c of claims) this.signatures.set(rangeKey(c.range), sig);
      }
      return false;
    }
    let sig: string | undefined;
    const found = claims.map((c) => {
      const k = rangeKey(c.range);
      const settled = dim.settled?.findings.get(k);
      if (settled) return settled;
      const before = dim.plain.signatures.get(k);
      if (before === undefined) return undefined;
      sig ??= this.signature(head, claims);
      return before === sig ? dim.plain.findings.get(k) ?? [] : undefined;
    });
    if (found.some((f) => f === undefined)) return false;
    this.replayWrong(claims);
    for (const fs of found) this.findings.push(...fs!);
    return true;
  }

  /** A reused claim that was wrong is wrong here too, for the steps that follow from it. */
  private replayWrong(claims: readonly Item[]): void {
    const dim = this.dimension!;
    for (const c of claims) {
      const k = rangeKey(c.range);
      const origin = dim.settled?.findings.has(k) ? dim.settled.wrong.get(k) : dim.plain.wrong.get(k);
      if (origin !== undefined) this.wrongClaims.set(k, origin);
    }
  }

  /** Only the second reading's settled claims (before instantiating indices, whose instances would be judged again). */
  private reuseSettled(claims: Item[]): boolean {
    const settled = this.dimension?.settled;
    if (!settled || this.instantiating) return false;
    const found = claims.map((c) => settled.findings.get(rangeKey(c.range)));
    if (found.some((f) => f === undefined)) return false;
    this.replayWrong(claims);
    for (const fs of found) this.findings.push(...fs!);
    return true;
  }

  /**
   * Everything a chain's outcome depends on, as one string: its members as parsed, what each
   * resolves to in the environment, the definitions they use (where they are, what they were
   * before, whether they could be read), the relations, the step each claim follows from, and the
   * state a chain reads (a condition being solved, a case on indices).
   */
  private signature(head: Item, claims: readonly Item[]): string {
    const items = [head, ...claims, ...claims.flatMap((c) => (c.prev ? [c.prev] : []))];
    const nodes = items.map((it) => (isCall(it.node, 'derivative') ? (it.node as math.FunctionNode).args : [it.node])).flat();
    const resolved = nodes.map((n) => {
      try {
        const r = this.env.resolve(n);
        return [treeKey(r), this.env.unreadableIn(r, '')];
      } catch (e) {
        return [(e as Error).message];
      }
    });
    const deps = nodes.flatMap((n) => this.env.dependencies(n)).map(({ name, range }) => [name, rangeKey(range), this.env.shadowed.get(name)?.length ?? 0]);
    const free = [...new Set(nodes.flatMap((n) => freeVariables(n)))].map((v) => [v, this.env.unreadable.get(v)?.reason ?? null, this.env.isDefinedVariable(v), this.env.isFunction(v)]);
    return JSON.stringify([
      nodes.map((n) => treeKey(n)), resolved, deps, free,
      claims.map((c) => [c.relation, c.written ?? null, c.prev ? rangeKey(c.prev.range) : null]),
      this.solving > 0, this.indexCase,
    ]);
  }


  private derivativeChain(head: Item, claims: Item[], settings: RegionSettings): void {
    if (this.reuseJudged(head, claims)) return;
    const d = head.node as math.FunctionNode;
    let f: MathNode, wrt: string;
    // ∂ℓ/∂σ²: a derivative with respect to the variance as one variable v = σ² (σ = √v on both sides).
    const squared = squaredParameter(d.args[1]!);
    const asVariance = (n: MathNode) => (squared ? substitute(n, { [squared]: call('sqrt', sym(`${squared}_sq`)) }) : n);
    try {
      wrt = squared ? `${squared}_sq` : this.env.wrtName(d.args[1]!);
      const body = d.args[0]!;
      const missing = squared ? this.env.undefinedQuantity(body, squared) : this.env.undefinedQuantity(body, wrt);
      if (missing) throw new Unresolved(missing);
      if (squared) f = asVariance(this.env.resolveDifferentiating(body, squared));
      else f = this.env.resolveDifferentiating(body, wrt);
      const unreadable = this.env.unreadableIn(f, wrt);
      if (unreadable) throw new Unresolved(unreadable);
      if (!freeVariables(f).includes(wrt) && body.type === 'SymbolNode' && opaqueName((body as math.SymbolNode).name) !== wrt && freeVariables(f).some(isOpaqueSymbol)) {
        throw new Unresolved(`${head.text} depends on a quantity the document never defines`);
      }
    } catch (e) {
      for (const c of claims) this.unverified('derivative', c, e);
      return;
    }
    const related = this.env.dependencies(d.args[0]!).map(({ name, range }) => ({ message: `definition of ${name}`, range }));
    for (const c of claims) {
      // f′(x) ≈ (f(x + h) − f(x))/h, "for large z, d softplus/dz = 1": an approximation, never a mismatch (class 2).
      if (c.relation === 'approx') { this.unverified('derivative', c, new Unresolved(APPROXIMATION)); continue; }
      let claim: MathNode;
      try {
        claim = squared ? asVariance(this.env.resolveDifferentiating(c.node, squared)) : this.env.resolveDifferentiating(c.node, wrt);
      } catch (e) {
        this.unverified('derivative', c, e);
        continue;
      }
      const stranger = strangers(claim, f, wrt);
      if (stranger) { this.unverified('derivative', c, new Unresolved(stranger)); continue; }
      const options = this.checkOptions(settings);
      const key = `${wrt}|${treeKey(f)}|${treeKey(claim)}|${JSON.stringify(options)}`;
      const report = checks.getOrCompute(key, () => this.tryCheck(() => checkDerivative({ f, wrt, claim, ...options })));
      if (!report) { this.unverified('derivative', c, new Error('the check could not evaluate this expression')); continue; }
      if (report.verdict === 'mismatch' && isZero(claim)) {
        this.unverified('derivative', c, new Unresolved('setting the derivative to zero is an equation to solve, not an identity'));
        continue;
      }
      const dim = this.dimension;
      if (report.verdict === 'mismatch' && dim && this.tryCheck(() => checkDerivative({ f, wrt, claim: div(claim, num(dim.size)), ...options }))?.verdict === 'ok') {
        this.unverified('derivative', c, new Unresolved(`it is the derivative of one term of the mean (the 1/n dropped, a common convention); for the mean as written it is n times too large`));
        continue;
      }
      if (report.verdict === 'mismatch') {
        const earlier = this.holdsForShadowed(d.args[0]!, wrt, (fe) => this.tryCheck(() => checkDerivative({ f: fe, wrt, claim, ...options }))?.verdict === 'ok');
        const meant = earlier ? this.meantByArgument(d.args[0]!, wrt) : null;
        if (meant) {
          const f2 = baseFinding('derivative', c.range, `${quoteClaim(c.text)} is right for ${meant}`, 'ok');
          f2.expression = toTextQuietly(c.node);
          this.findings.push(f2);
          continue;
        }
        if (earlier) { this.unverified('derivative', c, new Unresolved(earlier)); continue; }
        const stale = this.staleDefinition([d.args[0]!, c.node], c.range.start.line);
        const anyModel = stale ? this.wrongForAnyPrediction(d.args[0]!, c.node, wrt) : null;
        if (anyModel) {
          const f2 = this.claimFinding('derivative', c, report, null, null);
          const hat = /^[A-Za-z]$/.test(anyModel.label) ? `${anyModel.label}\u0302`.normalize('NFC') : displayName(anyModel.prediction);
          f2.message = `${quoteClaim(c.text)} is wrong whatever model gives ${hat} here: by the chain rule it needs ∂${hat}/∂${displayName(wrt)} to change with the label ${displayName(anyModel.label)} (${anyModel.text}), and a prediction does not depend on its label.`;
          f2.worstPoint = null;
          continue;
        }
        if (stale) { this.unverified('derivative', c, new Unresolved(stale)); continue; }
      }
      let slip: Slip | null = null;
      let right: string | null = null;
      if (report.verdict === 'mismatch') {
        slip = slips.getOrCompute(key, () => diagnoseSlip({ f, wrt, claim }));
        right = rights.getOrCompute(`${wrt}|${treeKey(f)}|${[...this.env.variables.keys()].join(',')}`, () => rightDerivative(f, wrt, this.env));
        // The author's own claim with the slip undone is the right derivative in the document's names
        // (x(ŷ − y) rather than x·((1 − y)·ŷ − y·σ(−z))): the shortest form found is shown (issue 13, messages).
        const own = slip?.fixed ? authorsForm(slip.fixed, wrt, this.env) : null;
        if (own && (!right || own.length < right.length)) right = own;
      }
      const finding = this.claimFinding('derivative', c, report, slip ? readableNames(slip.text) : null, right, head.text);
      finding.slipKind = slip?.kind ?? null;
      const rec = recognizeQuietly(f);
      if (rec) { finding.category = rec.entry.category; finding.name = rec.entry.id; }
      if (related.length) finding.related = related;
      const definition = related.map((r) => this.definitionAt.get(rangeKey(r.range))).find((r) => r !== undefined);
      if (definition) finding.definition = { range: definition };
    }
  }

  private equalityChain(head: Item, claims: Item[], settings: RegionSettings): void {
    if (this.reuseJudged(head, claims)) return;
    let f: MathNode;
    try {
      f = this.env.resolve(head.node);
    } catch (e) {
      for (const c of claims) this.unverified('equality', c, e);
      return;
    }
    // Set once the chain has passed an approximation between expressions (see APPROXIMATION below).
    let approximated: string | null = null;
    for (const c of claims) {
      // After an ≈ between expressions, an exact step (`f(t) + h f′(t) = t² + 2th`) is checked against
      // the step before it: the chain as a whole is approximate, each `=` in it is not (class 2).
      if (approximated || (c.relation === 'approx' && c.written !== 'approx' && c.prev && c.prev !== head)) {
        this.exactStep(c, settings, approximated ?? APPROXIMATION);
        continue;
      }
      let claim: MathNode;
      try {
        claim = this.env.resolve(c.node);
      } catch (e) {
        this.unverified('equality', c, e);
        continue;
      }
      const vars = freeVariables(f).concat(freeVariables(claim));
      if (vars.length === 0) { this.valueClaim(head, c, constantValue(f)); continue; }
      const stranger = strangers(claim, f, null);
      if (stranger) { this.unverified('equality', c, new Unresolved(stranger)); continue; }
      const differentArguments = [...opaqueApplications([head.node, c.node], (n) => this.env.functions.has(n) || isKnownFunctionName(n))].find(([, args]) => args.size > 1);
      if (differentArguments) {
        const [name, args] = differentArguments;
        this.unverified('equality', c, new Unresolved(`${name} is applied to different arguments (${[...args].slice(0, 2).map((a) => `${name}(${readableNames(a)})`).join(', ')}) and the document never defines ${name}, so the two sides cannot be compared`));
        continue;
      }
      // A count's factorial or binomial (log y_i!, \binom{n}{y}) is a constant of the data: where it
      // cancels (a likelihood's derivative at λ̂) the claim holds for any value of it; otherwise the
      // sampled value is no evidence, so a disagreement stays unverified.
      const counts = [...new Set(vars.filter(isOpaqueSymbol))];
      const onlyCounts = vars.some(isOpaqueSymbol) && !sameOpaques(f, claim) && counts.every((v) => /^(factorial|binom)_of$/.test(v));
      // Both sides the same for any value of the counts: then a disagreement is evidence after all.
      const countsCancel = onlyCounts && [f, claim].every((n) => {
        const withCounts = (v: number) => substitute(n, new Map(counts.map((k) => [k, num(v)] as const)));
        const wrt = freeVariables(n).find((v) => !isOpaqueSymbol(v));
        return !wrt || this.tryCheck(() => checkEquality({ f: withCounts(1.7), wrt, claim: withCounts(5.3), ...this.checkOptions(settings) }))?.verdict === 'ok';
      });
      if (vars.some(isOpaqueSymbol) && !sameOpaques(f, claim) && !onlyCounts) {
        this.unverified('equality', c, new Unresolved('it involves a function the document never defines'));
        continue;
      }
      const approx = c.relation === 'approx';
      if (approx && freeVariables(claim).length > 0) {
        // ≈ between expressions is a truncated expansion or an asymptotic statement, true only in a limit
        // or a regime the document names in words: never a mismatch; later steps are only as exact as it.
        approximated = APPROXIMATION;
        this.unverified('equality', c, new Unresolved(approximated));
        continue;
      }
      const tolerance = approx ? { ...APPROXIMATE_TOLERANCE, ...settings.tolerance } : settings.tolerance;
      const report = this.tryCheck(() => checkEquality({ f, wrt: vars[0]!, claim, subject: abbreviate(c.text, 60), ...this.checkOptions(settings), tolerance }));
      if (!report) { this.unverified('equality', c, new Error('the check could not evaluate this expression')); continue; }
      if (report.verdict === 'unverified' && isZero(claim) && identicallyZero(f)) {
        const okFinding = baseFinding('equality', c.range, `${abbreviate(c.text, 40)} is right: ${abbreviate(head.text, 40)} is identically zero (checked in 60-digit arithmetic)`, 'ok');
        okFinding.expression = toTextQuietly(c.node);
        this.findings.push(okFinding);
        continue;
      }
      // A function equal to a number is an identity only if it holds everywhere (Σ sᵢ = 1);
      // otherwise it is an equation to solve or a statement about a limit, not a wrong claim.
      if (report.verdict === 'mismatch' && freeVariables(claim).length === 0) {
        this.unverified('equality', c, new Unresolved(`${abbreviate(head.text, 30)} varies with ${freeVariables(f).map(displayName).join(', ')} while ${abbreviate(c.text, 20)} is a number: an equation or a statement about a limit, not an identity`));
        continue;
      }
      if (report.verdict === 'mismatch' && onlyCounts && !countsCancel) {
        this.unverified('equality', c, new Unresolved('one side depends on a factorial or binomial of the data that the other side does not carry'));
        continue;
      }
      if (report.verdict === 'mismatch' && this.solving > 0) {
        this.unverified('equality', c, new Unresolved('it reads as a step solving the equation set to zero above (a condition on the variables), not as an identity'));
        continue;
      }
      if (report.verdict === 'mismatch') {
        const doubt = this.otherReading(head, c, settings) ?? this.staleDefinition([head.node, c.node], c.range.start.line);
        if (doubt) { this.unverified('equality', c, new Unresolved(doubt)); continue; }
      }
      const finding = this.claimFinding('equality', c, report, null, null);
      if (report.verdict === 'mismatch') this.carried(finding, c, head, settings);
    }
  }

  /**
   * Issue 13, class 7: a step that is wrong against the chain's first member but follows exactly from
   * the step before it, itself already wrong, carries that earlier slip (y² − 2yŷ − ŷ² expanded through
   * several `=`-started displays). It stays wrong as written, and the message points at the step where
   * the slip happens instead of naming a slip of its own.
   */
  private carried(finding: Finding, c: Item, head: Item, settings: RegionSettings): void {
    const prev = c.prev;
    const origin = prev ? this.wrongClaims.get(rangeKey(prev.range)) : undefined;
    if (!prev || prev === head || origin === undefined) return;
    const report = this.tryCheck(() => {
      const a = this.env.resolve(prev.node), b = this.env.resolve(c.node);
      return checkEquality({ f: a, wrt: firstVariable(b), claim: b, ...this.checkOptions(settings) });
    });
    if (report?.verdict !== 'ok') return;
    const w = finding.worstPoint ? ` ${finding.message.slice(finding.message.indexOf('. ') + 2)}` : '';
    finding.message = `${quoteClaim(c.text)} is wrong: it carries the slip made at line ${origin + 1} (it follows from ${quoteClaim(prev.text)}, which is already wrong).${w}`;
    this.wrongClaims.set(rangeKey(c.range), origin);
    finding.slip = null;
    finding.slipKind = null;
  }

  /**
   * Issue 13, class 1 (scope): a failing claim that depends on a definition the document may no
   * longer mean. Either the definition was made before a top-level heading (a Markdown `# `, a LaTeX
   * \section: another topic, where a name such as ŷ can change meaning without a new equation), or the
   * name is defined again within the next two lines ("… = 2 ln u. Let u = a − x"). Which definition the
   * author means is not written, so the claim is unverified with that reason, never wrong.
   */
  private staleDefinition(nodes: MathNode[], line: number): string | null {
    const section = this.sectionStart(line);
    for (const n of nodes) {
      for (const { name, range } of this.env.dependencies(n)) {
        const defLine = range.start.line;
        if (section !== null && defLine < section && (this.restatedAt.get(name) ?? -1) < section) return `it uses ${displayName(name)} as defined in an earlier section (line ${defLine + 1}); after the heading at line ${section + 1} the text may mean another ${displayName(name)}, and no new definition is written`;
        const again = (this.definedAtLines.get(name) ?? []).find((l) => l > line && l <= line + 2);
        if (again !== undefined && defLine < line - 2) return `${displayName(name)} is defined again just below (line ${again + 1}) and the definition in force is from line ${defLine + 1}: which one is meant is not written`;
      }
    }
    return null;
  }

  /** A claim through a prediction ŷ of uncertain model that no model of ŷ makes right (predictionLabel.ts), or null. */
  private wrongForAnyPrediction(body: MathNode, claim: MathNode, wrt: string): LabelDependence | null {
    const names = new Set([...this.env.dependencies(body), ...this.env.dependencies(claim)].map((d) => d.name).filter((n) => /_hat$/.test(n)));
    for (const name of names) {
      try {
        const keep = new Set([wrt, name]);
        const found = impliedFactorNeedsLabel(this.env.resolve(body, keep), this.env.resolve(claim, keep), wrt, name);
        if (found) return found;
      } catch {
        // unreadable here: the claim keeps its unverified reason
      }
    }
    return null;
  }

  /** The line of the last top-level heading at or before `line`, or null when there is none. */
  private sectionStart(line: number): number | null {
    let last: number | null = null;
    for (const h of this.topHeadings) { if (h <= line) last = h; else break; }
    return last;
  }

  /**
   * Issue 13, class 8: a claim right only under a label convention says whether the text states that
   * convention ("as stated at line 3: y ∈ {0, 1}") or GradLens assumed it ("not stated in the text").
   */
  private whereStated(condition: string): string {
    const names = [...condition.matchAll(/([A-Za-z][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
    const table = /one-hot/.test(condition) ? this.facts.oneHot : /−1, \+1/.test(condition) ? this.facts.signs : this.facts.binary;
    for (const n of names) {
      const stem = n.replace(/_?\d+$/, '').replace(/_[a-z]$/, '');
      const line = table.get(n) ?? table.get(stem) ?? (/one-hot/.test(condition) ? this.facts.sumsToOne.get(n) ?? this.facts.sumsToOne.get(stem) : undefined);
      if (line !== undefined) return `, as the text states at line ${line + 1}`;
    }
    return ', which the text does not state (an assumption)';
  }

  /**
   * Readings of the written form other than the one checked, under which a failing equality holds:
   * `pH` or `RT` on the left is likely one name, not a product of undefined letters; `\ln(a − x)^2`
   * is often meant as ln((a − x)²). When the notation is ambiguous the claim is unverified, never wrong.
   */
  private otherReading(head: Item, c: Item, settings: RegionSettings): string | null {
    if (/^[A-Za-z]{2,4}$/.test(head.text.trim()) && freeVariables(head.node).every((v) => !this.env.isDefinedVariable(v))) {
      return `${head.text.trim()} reads as one name (a definition), not as a product of the letters ${[...head.text.trim()].join(', ')}`;
    }
    let changed = false;
    const logOfPower = (n: MathNode) => n.transform((m: MathNode) => {
      if (m.type !== 'OperatorNode' || (m as math.OperatorNode).op !== '^') return m;
      const [b, e] = (m as math.OperatorNode).args as [MathNode, MathNode];
      if (b.type !== 'FunctionNode' || !['log', 'log10', 'log2'].includes((b as math.FunctionNode).fn.name) || (b as math.FunctionNode).args.length !== 1) return m;
      changed = true;
      return call((b as math.FunctionNode).fn.name, new (Object.getPrototypeOf(m).constructor)('^', 'pow', [(b as math.FunctionNode).args[0]!, e]));
    });
    const a = logOfPower(head.node), b = logOfPower(c.node);
    if (!changed) return null;
    const report = this.tryCheck(() => {
      const fa = this.env.resolve(a), fb = this.env.resolve(b);
      return checkEquality({ f: fa, wrt: firstVariable(fb), claim: fb, ...this.checkOptions(settings) });
    });
    return report?.verdict === 'ok' ? 'a log of a bracket raised to a power (\\ln(u)^2) also reads as the log of the power, ln(u²), and it holds for that reading: the written form is ambiguous' : null;
  }

  /** An `=` step after an ≈ in the same chain: judged against the step before it (class 2). */
  private exactStep(c: Item, settings: RegionSettings, why: string): void {
    const prev = c.prev;
    if (!prev || c.written === 'approx') { this.unverified('equality', c, new Unresolved(why)); return; }
    let a: MathNode, b: MathNode;
    try {
      a = this.env.resolve(prev.node);
      b = this.env.resolve(c.node);
    } catch (e) {
      this.unverified('equality', c, e);
      return;
    }
    const vars = [...new Set([...freeVariables(a), ...freeVariables(b)])];
    if (vars.length === 0 || strangers(b, a, null) || vars.some(isOpaqueSymbol)) { this.unverified('equality', c, new Unresolved(why)); return; }
    const report = this.tryCheck(() => checkEquality({ f: a, wrt: vars[0]!, claim: b, subject: abbreviate(c.text, 60), ...this.checkOptions(settings) }));
    if (!report || report.verdict === 'unverified') { this.unverified('equality', c, new Unresolved(why)); return; }
    const finding = this.claimFinding('equality', c, report, null, null);
    const step = `the step before it, ${quoteClaim(prev.text)}`;
    finding.message = report.verdict === 'ok'
      ? `${quoteClaim(c.text)} is right: it equals ${step} (the chain as a whole is an approximation, ≈ above)`
      : finding.message.replace(/ is wrong\. /, ` is wrong: it does not follow from ${step}. `).replace(/the left-hand side is/, 'the step before is');
  }

  private valueChain(head: Item, claims: Item[]): void {
    if (this.reuseJudged(head, claims)) return;
    let truth: number;
    try {
      truth = constantValue(this.env.resolve(head.node));
    } catch (e) {
      for (const c of claims) this.unverified('value', c, e);
      return;
    }
    for (const c of claims) this.valueClaim(head, c, truth);
  }

  private valueClaim(head: Item, c: Item, truth: number): void {
    let claimed: number;
    try {
      claimed = constantValue(this.env.resolve(c.node));
    } catch (e) {
      this.unverified('value', c, e);
      return;
    }
    if (Number.isNaN(claimed)) { this.unverified('value', c, new Error(`${abbreviate(c.text, 40)} has no numeric value`)); return; }
    if (Number.isNaN(truth)) { this.unverified('value', c, new Error(`${abbreviate(head.text, 40)} has no numeric value here`)); return; }
    const precision = writtenPrecision(c.text);
    const cmp = compareValues(truth, claimed, precision, c.relation === 'approx');
    // f′(2) ≈ 12.06 from a difference quotient, e ≈ 2.7169 from a truncated series: an estimate within
    // a percent of the value is an illustration of the approximation, not the value misrounded (class 2).
    const rel = truth === 0 ? Infinity : Math.abs(claimed - truth) / Math.abs(truth);
    if (!cmp.ok && c.relation === 'approx' && rel <= 0.01) {
      this.unverified('value', c, new Unresolved(`it is within ${fmtValue(100 * rel)}% of ${abbreviate(head.text, 30)} = ${fmtValue(truth)} but not to the digits written: it reads as an estimate (a difference quotient, a truncated series), not the value rounded`));
      return;
    }
    // `3.8 − 0.02N = 0` after N = 24.42 in an earlier example: the name is the unknown of an equation
    // here, not the earlier case's value; a failing value through a case value is not a wrong claim (class 1).
    const cases = cmp.ok ? [] : [...new Set([...this.caseValuesIn(head.node, c.range.start.line), ...this.caseValuesIn(c.node, c.range.start.line)])];
    if (cases.length > 0) {
      this.unverified('value', c, new Unresolved(`it holds only for other values of ${cases.join(', ')}, set earlier as a case: it reads as an equation in ${cases.length > 1 ? 'them' : 'it'}, not as a value`));
      return;
    }
    const f = baseFinding('value', c.range, '', cmp.ok ? 'ok' : 'mismatch');
    f.expression = toTextQuietly(c.node);
    f.maxRelError = truth === 0 ? Math.abs(claimed) : Math.abs(claimed - truth) / Math.abs(truth);
    f.message = cmp.ok
      ? `${abbreviate(c.text, 40)} is right: ${abbreviate(head.text, 40)} = ${fmtValue(truth)}${precision ? ` (to the ${precision >= 1 ? 'precision' : `${Math.round(-Math.log10(precision))} decimals`} written)` : ''}`
      : `${abbreviate(c.text, 40)} is wrong: ${abbreviate(head.text, 40)} = ${fmtValue(truth)}`;
    this.findings.push(f);
  }

  private limitChain(head: Item, claims: Item[], line: ParsedLine): void {
    if (this.reuseJudged(head, claims)) return;
    const valueOf = (item: Item): number => {
      const n = item.node;
      if (isCall(n, 'limit')) {
        const [body, v, target] = (n as math.FunctionNode).args as [MathNode, MathNode, MathNode];
        const variable = (v as math.SymbolNode).name;
        const resolved = this.env.resolve(substituteConditions(body, line), new Set([variable]));
        const t = constantValue(target);
        return limitValue(bindParameters(resolved, variable, draw), variable, t);
      }
      return constantValue(bindParameters(this.env.resolve(n), null, draw));
    };
    // Parameters (α in lim ELU(x) = −α) are given a few values; the claim must hold for each.
    const params = [...new Set([head, ...claims].flatMap((it) => { try { return freeVariables(this.env.resolve(it.node)).filter((v) => !limitVariables(it.node).includes(v)); } catch { return []; } }))];
    const draws = parameterDraws(params);
    let draw: Record<string, number> = {};
    let truths: number[];
    try { truths = draws.map((d) => { draw = d; return valueOf(head); }); } catch (e) { for (const c of claims) this.unverified('limit', c, e); return; }
    const truth = truths[0]!;
    for (const c of claims) {
      let claimedAll: number[];
      try { claimedAll = draws.map((d) => { draw = d; return valueOf(c); }); } catch (e) { this.unverified('limit', c, e); continue; }
      const claimed = claimedAll[0]!;
      if (params.length > 0 && !Number.isNaN(truth)) {
        const allOk = truths.every((t, k) => compareValues(t, claimedAll[k]!, null, c.relation === 'approx').ok);
        const f = baseFinding('limit', c.range, allOk ? `${abbreviate(c.text, 40)} is right: the limit agrees for every value of ${params.map(displayName).join(', ')} tried` : `${abbreviate(c.text, 40)} is wrong: with ${params.map((p) => `${displayName(p)} = ${draws[0]![p]}`).join(', ')} the limit is ${fmtValue(truth)}, not ${fmtValue(claimed)}`, allOk ? 'ok' : 'mismatch');
        f.expression = toTextQuietly(c.node);
        this.findings.push(f);
        continue;
      }
      if (Number.isNaN(truth)) { this.unverified('limit', c, new Error(`the limit ${abbreviate(head.text, 40)} does not settle`)); continue; }
      const cmp = compareValues(truth, claimed, writtenPrecision(c.text), c.relation === 'approx');
      const f = baseFinding('limit', c.range, cmp.ok ? `${abbreviate(c.text, 40)} is right: the limit is ${fmtValue(truth)}` : `${abbreviate(c.text, 40)} is wrong: the limit is ${fmtValue(truth)}, not ${fmtValue(claimed)}`, cmp.ok ? 'ok' : 'mismatch');
      f.expression = toTextQuietly(c.node);
      this.findings.push(f);
    }
  }

  private claimFinding(kind: FindingKind, c: Item, report: CheckReport, slip: string | null, right: string | null, lhs?: string): Finding {
    // Reports are shared between claims of the same formula: name this claim as written here.
    let message = report.message.replace(/^the claimed (derivative|equality)/, quoteClaim(c.text));
    if (report.verdict === 'mismatch') {
      const w = report.worst;
      const evidence = w ? `${disagreementAt(w, pointText(w.point, displayName), kind === 'derivative' ? 'derivative' : 'left-hand side')} (${report.failed} of ${report.checked} points disagree).` : '';
      // The right derivative as readable math in the document's names (ŷ, σ); the slip first (issue 13, messages).
      // The left-hand side is named only when it reads as math (a long TeX head would bury the slip).
      const head = lhs ? quoteClaim(lhs) : null;
      message = slipFirstSentence({ claim: quoteClaim(c.text), lhs: head && !head.includes('\\') ? head : null, slip: slip ? readableMath(slip) : null, evidence: `${evidence}${right ? ` The right derivative is ${readableMath(right)}.` : ''}` });
    }
    const f = baseFinding(kind, c.range, message, report.verdict);
    if (report.verdict === 'mismatch') this.wrongClaims.set(rangeKey(c.range), c.range.start.line);
    f.expression = toTextQuietly(c.node);
    f.maxRelError = report.checked > 0 ? report.maxRelError : null;
    f.worstPoint = report.verdict === 'mismatch' && report.worst ? report.worst.point : null;
    f.slip = slip;
    f.condition = report.condition;
    if (report.condition) f.message = f.message.replace(report.condition, `${report.condition}${this.whereStated(report.condition)}`);
    if (right) f.derivative = right;
    this.findings.push(f);
    return f;
  }

  private unverified(kind: FindingKind, c: Item, e: unknown): void {
    // Once the equation's budget is spent, whatever failed failed for want of it: say so.
    const reason = budgetExhausted()?.message ?? (e instanceof Error ? e.message : String(e));
    const f = baseFinding(kind, c.range, `${quoteClaim(c.text)} could not be verified: ${reason}`, 'unverified');
    f.expression = toTextQuietly(c.node);
    this.findings.push(f);
  }
}

// ---- helpers ------------------------------------------------------------------------------------

/**
 * A claim as a reader sees it in a verdict sentence: readable math (`σ(z)(1 − σ(z))`, `e^(−z)/(1 + e^(−z))²`)
 * rather than its LaTeX source, shortened to one line.
 */
function quoteClaim(tex: string): string {
  // Environments (cases, matrices) have no one-line reading: they are quoted as written.
  // What the rewriting cannot read through (nested groups left with a backslash) is quoted as written too.
  const readable = /\\begin/.test(tex) ? '' : readableTex(tex);
  return abbreviate(readable && !readable.includes('\\') ? readable : tex, 60);
}

const CLOSING_LENGTH: Readonly<Record<string, number>> = { '$': 1, '$$': 2, '\\(': 2, '\\[': 2 };

/** Region index → the index of the region that defines it in words ("let $a$ be $wx + b$"). */
export function proseDefinitions(text: string, regions: readonly MathRegion[]): Map<number, number> {
  const out = new Map<number, number>();
  for (let k = 0; k + 1 < regions.length; k++) {
    const r = regions[k]!, next = regions[k + 1]!;
    if (r.display || next.display) continue;
    const before = text.slice(Math.max(0, r.offset - r.delimiter.length - 40), r.offset - r.delimiter.length);
    const between = text.slice(r.offset + r.text.length + (CLOSING_LENGTH[r.delimiter] ?? 1), next.offset - next.delimiter.length);
    if (/\b(define|let|set|denote|write|call)\s*$/i.test(before) && /^\s*(as|be|to be|denote|denotes|equal to|stand for)\s*$/i.test(between)) out.set(k, k + 1);
  }
  return out;
}

/**
 * Inline formulas that give a value in words (issue 13, class 1): the prose just before them says
 * it is a case or a starting point ("with label $y = 1$", "for $n = 2$", "where $t := 0$", "take
 * $a = 3$", "starting at $t = 0$", "assume $x = 2$"), not a consequence ("so $z = 5$").
 */
function caseAssumptions(text: string, regions: readonly MathRegion[]): Set<number> {
  const out = new Set<number>();
  const words = /(?:^|[\s(,;:])(?:with|where|for|at|let|set|setting|take|taking|assume|assuming|suppose|given|if|when|whenever|fix|choose|pick|start(?:ing)?\s+(?:at|from|with)|initiali[sz]e[ds]?|put|plug(?:ging)?\s+in)(?:\s+(?:the|a|an|label|labels|value|values|case|step|time|initial\s+value))*\s*$/i;
  regions.forEach((r, k) => {
    if (r.display) return;
    const before = text.slice(Math.max(0, r.offset - r.delimiter.length - 40), r.offset - r.delimiter.length);
    if (words.test(before)) out.add(k);
  });
  return out;
}

/**
 * Formulas whose sentence names a regime or an order of approximation (issue 13, class 2): "for small
 * $\epsilon$, $\sin\epsilon = \epsilon$", "to first order", "when $x$ is large", "…$$ for small $h$".
 * Their equalities between expressions hold only in that regime, like ≈.
 */
function regimeRegions(text: string, regions: readonly MathRegion[]): Set<number> {
  const out = new Set<number>();
  const size = '(?:very\\s+|sufficiently\\s+|infinitesimally\\s+)?(?:small|large|tiny|big|huge)';
  const before = new RegExp(`(?:\\b(?:for|when|with|as|if)\\s+${size}\\b|\\bto\\s+(?:first|second|leading|lowest)[-\\s]order\\b|\\bfor\\s+\\$[^$]{1,30}\\$\\s+(?:near|close\\s+to)\\b|\\b(?:approximately|roughly)\\b|\\b(?:linear|first[-\\s]order|tangent[-\\s]line|Taylor|Euler)\\s+(?:approximation|expansion|step|method|formula)\\b|\\bapproximation\\s+formula\\b|\\bis\\s+${size}\\b)[^.!?]*$`, 'i');
  const after = new RegExp(`^[\\s,]*(?:for|when|as|if)\\s+(?:\\$[^$]{1,30}\\$\\s+(?:is\\s+)?)?${size}\\b`, 'i');
  regions.forEach((r, k) => {
    const start = r.offset - r.delimiter.length;
    const end = r.offset + r.text.length + (CLOSING_LENGTH[r.delimiter] ?? 1);
    // The same sentence only: a paragraph break, a list item or a heading starts another one.
    const lead = text.slice(Math.max(0, start - 120), start).split(/\n\s*\n|\n\s*(?:[-*+]|\d+[.)]|#+)\s/).pop() ?? '';
    const tail = text.slice(end, end + 60).split(/\n\s*\n/)[0] ?? '';
    if (before.test(lead) || after.test(tail)) out.add(k);
  });
  return out;
}

interface StatedFacts {
  binary: Map<string, number>;
  signs: Map<string, number>;
  oneHot: Map<string, number>;
  sumsToOne: Map<string, number>;
}

/**
 * Facts stated in words or as set membership (issue 13, class 8), by name and 0-based line:
 * `y \in \{0, 1\}`, "binary label $y$"; `y \in \{-1, +1\}`; "where $t$ is a one-hot vector"; `\sum_k y_k = 1`.
 */
function statedFacts(text: string, regions: readonly MathRegion[]): StatedFacts {
  const facts: StatedFacts = { binary: new Map(), signs: new Map(), oneHot: new Map(), sumsToOne: new Map() };
  const name = (tex: string) => tex.replace(/\\hat\{?([A-Za-z])\}?/, '$1_hat').replace(/[{}\s]/g, '').replace(/\\/g, '');
  for (const r of regions) {
    const line = r.range.start.line;
    const member = /([A-Za-z](?:\s*_\s*\{?[A-Za-z0-9]+\}?)?|\\hat\{?[A-Za-z]\}?)\s*\\in\s*\\\{\s*([-+−]?\s*\d)\s*,\s*([-+]?\s*\d)\s*\\\}/.exec(r.text);
    if (member) {
      const [a, b] = [member[2]!.replace(/\s/g, ''), member[3]!.replace(/\s/g, '')];
      const n = name(member[1]!), stem = n.replace(/_.*$/, '');
      const table = a === '0' && b === '1' ? facts.binary : /^[-−]1$/.test(a) && /^\+?1$/.test(b) ? facts.signs : null;
      if (table) { table.set(n, line); if (!table.has(stem)) table.set(stem, line); }
    }
    const sum = /\\sum(?:\\limits)?_\{?\s*([a-z])[^}$]*\}?(?:\^\{?[^}\s]+\}?)?\s*([A-Za-z])_\{?\1\}?\s*=\s*1\s*$/.exec(r.text.trim());
    if (sum) facts.sumsToOne.set(sum[2]!, line);
    // The sum written out: y_1 + y_2 + y_3 = 1.
    const spelled = /(?:^|[^A-Za-z])([A-Za-z])_\{?\d\}?(?:\s*\+\s*\1_\{?\d\}?)+\s*=\s*1\s*$/.exec(r.text.trim());
    if (spelled) facts.sumsToOne.set(spelled[1]!, line);
    // "a one-hot label vector $(y_1, y_2, y_3)$", "one-hot encoded $t$": the words before the math.
    const before = text.slice(Math.max(0, r.offset - r.delimiter.length - 40), r.offset - r.delimiter.length);
    if (/one[- ]hot(?:\s+(?:label|labels|target|targets|vector|vectors|encoded|encoding))*\s*$/i.test(before)) {
      for (const m of r.text.matchAll(/([A-Za-z])(?:_\{?[A-Za-z0-9]+\}?)?/g)) if (!facts.oneHot.has(m[1]!)) facts.oneHot.set(m[1]!, line);
    }
    const after = text.slice(r.offset + r.text.length, r.offset + r.text.length + 60);
    if (/^\$?\s*(?:is|are)\s+(?:a\s+|an\s+)?(?:one[- ]hot|binary)/i.test(after)) {
      const n = name(r.text.trim());
      if (/^[A-Za-z][A-Za-z0-9_]*$/.test(n)) (/one[- ]hot/i.test(after) ? facts.oneHot : facts.binary).set(n, line);
    }
  }
  return facts;
}

/** The 0-based lines of top-level headings: `# Title` in Markdown, `\section{…}` in LaTeX (not subsections). */
function topLevelHeadings(text: string, format: SourceFormat): number[] {
  const out: number[] = [];
  const re = format === 'tex' ? /^\s*\\section\*?\{/ : /^ {0,3}#\s/;
  text.split('\n').forEach((l, i) => { if (re.test(l)) out.push(i); });
  // A lone title heading opens the document; only headings after the first separate topics.
  return out.slice(1);
}

/** Where each one-letter (or Greek) name is written as the left side of `=` in the math, by 0-based line. */
function definitionLines(regions: readonly MathRegion[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of regions) {
    const m = /^\s*(?:\\displaystyle\s*)?\(?\s*([A-Za-z])\s*\)?\s*=(?!=)/.exec(r.text);
    // A number (`At $z = 0$`) is a case for the name, not a new definition of it.
    if (!m || /^\s*[-+]?\d*\.?\d+\s*[.,]?\s*$/.test(r.text.slice(m[0].length))) continue;
    const line = r.positionAt(m.index).line;
    if (!out.has(m[1]!)) out.set(m[1]!, []);
    out.get(m[1]!)!.push(line);
  }
  return out;
}

/** Regions with a heading (Markdown `#`, LaTeX \section, \subsection, \paragraph) in the prose just before them. */
function headingsBefore(text: string, regions: readonly MathRegion[], format: SourceFormat): Set<number> {
  const out = new Set<number>();
  const heading = format === 'tex' ? /\\(?:section|subsection|subsubsection|paragraph|chapter|problem|begin\{(?:problem|exercise|example)\})/ : /(?:^|\n)\s{0,3}#{1,6}\s/;
  let prevEnd = 0;
  regions.forEach((r, k) => {
    const start = r.offset - r.delimiter.length;
    if (heading.test(text.slice(prevEnd, Math.max(prevEnd, start)))) out.add(k);
    prevEnd = r.offset + r.text.length;
  });
  return out;
}

function isCall(n: MathNode, name: string): boolean {
  return n.type === 'FunctionNode' && (n as math.FunctionNode).fn.name === name;
}

/** A claim that brings in symbols the left side never mentions and the document never defines cannot be judged. */
function strangers(claim: MathNode, f: MathNode, wrt: string | null): string | null {
  const known = new Set([...freeVariables(f), ...(wrt ? [wrt] : [])]);
  const extra = freeVariables(claim).filter((v) => !known.has(v));
  if (extra.length === 0) return null;
  const names = extra.map(displayName).join(', ');
  return `${names} ${extra.length === 1 ? 'is' : 'are'} not defined before this claim and ${extra.length === 1 ? 'does' : 'do'} not appear on the left-hand side`;
}

/** Zero at sampled points even in 60 digits: cancelling terms (Σ ∂sᵢ/∂z₁), not merely tiny ones. */
/**
 * Whether f is 0 everywhere, where float64 cannot tell (a difference of nearly equal terms): it is
 * evaluated at ZERO_TEST.points scattered points in ZERO_TEST.digits-digit arithmetic, and every
 * value must be below ZERO_TEST.below (far under any rounding of the terms themselves).
 */
export const ZERO_TEST = { points: 6, digits: 60, below: 1e-40 } as const;

export function identicallyZero(f: MathNode): boolean {
  const vars = freeVariables(f);
  for (let k = 0; k < ZERO_TEST.points; k++) {
    const scope = Object.fromEntries(vars.map((v, i) => [v, 0.37 + 0.91 * Math.sin(7.3 * (k + 1) * (i + 1))]));
    let v: number;
    try { v = evaluateDecimal(f, scope, ZERO_TEST.digits).toNumber(); } catch { return false; }
    if (!(Math.abs(v) < ZERO_TEST.below)) return false;
  }
  return true;
}

/**
 * How close an ≈ between a formula and a value with free variables must come, when the document
 * sets no tolerance: 1% (the few digits an "≈" usually keeps). Directives override it.
 */
export const APPROXIMATE_TOLERANCE = { rtol: 1e-2, atol: 1e-2 } as const;

/**
 * The values a limit's free parameters take (α in lim ELU(x) = −α): three draws, each parameter a
 * little apart from the others (so α and β never coincide) and away from 0 and 1, where many limits
 * degenerate. A claim about the limit must hold for every draw.
 */
export function parameterDraws(params: readonly string[]): Record<string, number>[] {
  if (params.length === 0) return [{}];
  return [0.7, 1.3, 2.1].map((base, k) => Object.fromEntries(params.map((p, i) => [p, base + 0.17 * i + 0.05 * k])));
}

/** 0 as written (not an expression that happens to vanish). */
function isZeroLiteral(n: MathNode): boolean {
  return n.type === 'ConstantNode' && Number((n as math.ConstantNode).value) === 0;
}

function isZero(n: MathNode): boolean {
  return freeVariables(n).length === 0 && constantValue(n) === 0;
}

function firstVariable(n: MathNode): string {
  return freeVariables(n)[0] ?? 'x';
}

/**
 * The index letters of a claim: one-letter subscripts (x_j, s_i, x_ij's i and j) not defined as
 * quantities, and bare i, j, k … only when the same letter is a subscript there too.
 */
function indexLetters(nodes: MathNode[], defined: (name: string) => boolean, component = 'q'): string[] {
  const subs = new Set<string>();
  const bare = new Set<string>();
  for (const n of nodes) {
    n.traverse((m: MathNode, _path: string, parent: MathNode | null) => {
      if (m.type !== 'SymbolNode') return;
      if (parent && parent.type === 'FunctionNode' && (parent as math.FunctionNode).fn === m) return;
      const parts = (m as math.SymbolNode).name.split('_');
      if (parts.length === 1) { if (/^[a-z]$/.test(parts[0]!)) bare.add(parts[0]!); return; }
      for (const p of parts.slice(1)) {
        // a vector's free component (x_q, x_iq): every entry is checked
        if (p.length <= 3 && p.includes(component) && /^[a-z\d]+$/.test(p) && /^[ijklmt\d]*$/.test(p.split(component).join(''))) {
          subs.add(component);
          for (const ch of p.split(component).join('')) if (/[ijklmt]/.test(ch)) subs.add(ch);
        }
        if (/^[ijklmnt]$/.test(p)) subs.add(p);
        else if (/^[ijklmt]{2}$/.test(p)) for (const ch of p) subs.add(ch);
        else if (/^([ijklmt]\d|\d[ijklmt])$/.test(p)) subs.add(p.replace(/\d/, '')); // δ_j1 once the sum over k is expanded
      }
    });
  }
  void bare;
  return [...subs].filter((l) => !defined(l)).sort();
}

/**
 * "Let A be a symmetric matrix", "since A is symmetric": its entries a_21 and a_12 are one
 * quantity, so a claim that uses the symmetry is read with it (once the indices are numbers).
 */
function symmetric(node: MathNode, letters: ReadonlySet<string> | undefined): MathNode {
  if (!letters || letters.size === 0) return node;
  return node.transform((n: MathNode) => {
    if (n.type !== 'SymbolNode') return n;
    const m = /^([A-Za-z])_(\d)(\d)$/.exec((n as math.SymbolNode).name);
    return m && letters.has(m[1]!.toUpperCase()) && m[2]! > m[3]! ? sym(`${m[1]}_${m[3]}${m[2]}`) : n;
  });
}

/** The matrices a document says are symmetric ("$\mathbf{A}$ be a symmetric", "since $A$ is symmetric"). */
function symmetricMatrices(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/([A-Z])\}?\s*\$?\s*(?:is|be|being)\s+(?:a\s+|an\s+)?symmetric/g)) out.add(m[1]!);
  return out;
}

/** δ_12 → 0, δ_22 → 1 (also I_kj and 1_{ij} written as a Kronecker delta), once the indices are numbers. */
function kronecker(node: MathNode): MathNode {
  return node.transform((n: MathNode) => {
    if (n.type !== 'SymbolNode') return n;
    const m = /^(?:delta|I)_(\d)_?(\d)$/.exec((n as math.SymbolNode).name);
    return m ? num(m[1] === m[2] ? 1 : 0) : n;
  });
}

/** σ in ℓ(μ, σ²): a parameter written as the square of a name (the variance), else null. */
function squaredParameter(a: MathNode): string | null {
  if (a.type !== 'OperatorNode' || (a as math.OperatorNode).op !== '^') return null;
  const [b, e] = (a as math.OperatorNode).args as [MathNode, MathNode];
  return b.type === 'SymbolNode' && e.type === 'ConstantNode' && Number((e as math.ConstantNode).value) === 2 ? (b as math.SymbolNode).name : null;
}

/** The name a definable head defines (z for z, f for f(x)). */
function nameOf(n: MathNode): string {
  return n.type === 'SymbolNode' ? (n as math.SymbolNode).name : (n as math.FunctionNode).fn.name;
}

/** A number as written: digits combined by arithmetic, no names or functions (2, -0.5, 10/100). */
function isNumberLiteral(n: MathNode): boolean {
  let plain = true;
  n.traverse((m: MathNode) => {
    if (m.type !== 'ConstantNode' && m.type !== 'OperatorNode' && m.type !== 'ParenthesisNode') plain = false;
  });
  return plain;
}

/**
 * Applications of functions the document never defines, by name, with the distinct argument lists
 * written: f(-x) and f(x) are two values of an unknown f, not one quantity.
 */
function opaqueApplications(nodes: MathNode[], known: (name: string) => boolean): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const n of nodes) {
    n.traverse((m: MathNode) => {
      if (m.type !== 'FunctionNode') return;
      const f = m as math.FunctionNode;
      const name = f.fn.name;
      if (['derivative', 'at', 'limit'].includes(name) || known(name)) return;
      if (!out.has(name)) out.set(name, new Set());
      out.get(name)!.add(f.args.map((a) => a.toString()).join(', '));
    });
  }
  return out;
}

function sameOpaques(a: MathNode, b: MathNode): boolean {
  const oa = freeVariables(a).filter(isOpaqueSymbol).sort();
  const ob = freeVariables(b).filter(isOpaqueSymbol).sort();
  return oa.every((v) => ob.includes(v)) && ob.every((v) => oa.includes(v));
}

/** The variables a limit runs over inside a member (z in \lim_{z→∞}). */
function limitVariables(n: MathNode): string[] {
  const out: string[] = [];
  n.traverse((m: MathNode) => {
    if (m.type === 'FunctionNode' && (m as math.FunctionNode).fn.name === 'limit') {
      const v = (m as math.FunctionNode).args[1];
      if (v && v.type === 'SymbolNode') out.push((v as math.SymbolNode).name);
    }
  });
  return out;
}

/** Gives the parameters of a limit claim the values being tried. */
function bindParameters(node: MathNode, keep: string | null, values: Record<string, number>): MathNode {
  const bindings = new Map<string, MathNode>();
  for (const [k, v] of Object.entries(values)) if (k !== keep) bindings.set(k, num(v));
  return bindings.size ? substitute(node, bindings) : node;
}

/** `for y = 1` side conditions fix a label in a limit. */
function substituteConditions(body: MathNode, line: ParsedLine): MathNode {
  let out = body;
  for (const c of line.conditions) {
    const n = c.node as math.OperatorNode | null;
    if (!n || n.type !== 'OperatorNode' || n.fn !== 'equal') continue;
    const [a, b] = n.args as [MathNode, MathNode];
    if (a.type === 'SymbolNode' && b.type === 'ConstantNode') {
      const name = (a as math.SymbolNode).name;
      out = out.transform((m: MathNode) => (m.type === 'SymbolNode' && (m as math.SymbolNode).name === name ? b.cloneDeep() : m));
    }
  }
  return out;
}

const displayName = showName;




/**
 * The right derivative as a reader wants it: the catalog's form in the document's names when f is
 * a catalog entry; else the symbolic derivative of the stabilised f (so σ written out differentiates
 * as σ(1 − σ)), with the document's named quantities folded back in (σ(wx + b) → ŷ, wx + b → z).
 */
function rightDerivative(f: MathNode, wrt: string, env: Environment): string | null {
  try {
    const catalog = catalogDerivativeText(f, wrt);
    if (catalog) return readableNames(catalog);
    const raw = differentiate(stabilize(f), wrt);
    const folded = foldNamedQuantities(raw, env, wrt);
    return readableNames(toText(simplifyWithinBudget(folded, 80).node));
  } catch {
    return null;
  }
}

/** The repaired claim with the document's named quantities folded back in, shortest of its forms, or null. */
function authorsForm(fixed: MathNode, wrt: string, env: Environment): string | null {
  try {
    const forms: string[] = [];
    for (const tree of [fixed, stabilize(fixed)]) {
      const folded = foldNamedQuantities(tree, env, wrt);
      forms.push(toText(folded), toText(simplifyWithinBudget(folded, 40).node));
    }
    return forms.reduce((a, b) => (b.length < a.length ? b : a));
  } catch {
    return null;
  }
}

/** Replaces subtrees equal to a defined quantity's (stabilised) definition by its name, largest first. */
function foldNamedQuantities(node: MathNode, env: Environment, wrt: string): MathNode {
  const named: { name: string; key: string; size: number }[] = [];
  for (const name of env.variables.keys()) {
    if (name === wrt) continue;
    try {
      const body = stabilize(env.resolve(sym(name), new Set([wrt])));
      if (body.type === 'SymbolNode' || body.type === 'ConstantNode') continue;
      let size = 0;
      body.traverse(() => { size++; });
      named.push({ name, key: body.toString(), size });
    } catch { /* not foldable */ }
  }
  named.sort((a, b) => b.size - a.size);
  let out = node;
  for (const q of named) out = out.transform((n: MathNode) => (n.toString() === q.key ? sym(q.name) : n));
  return out;
}

/** f_of (an undefined function's applications) reads as f(…). */

/** Per-formula caches: a document (and an editor session) states the same claim many times. */
const checks = new BoundedCache<string, CheckReport | null>('document checks', 20_000);
const slips = new BoundedCache<string, Slip | null>('document slips', 20_000);
const rights = new BoundedCache<string, string | null>('document right derivatives', 20_000);

const analyses = new BoundedCache<string, ReturnType<typeof analyzeExpression>>('document expression analyses', 500);
/**
 * Saturation and instability scans cost milliseconds to a second; a document defines the same
 * function many times under different names (h_1 = σ(z_1), h_2 = σ(z_2)). The cache is keyed by
 * the expression with its variables renamed positionally, and names are put back on the way out.
 */
function cachedAnalysis(node: MathNode, wrt: string, stableForm: string | null): ReturnType<typeof analyzeExpression> {
  const vars = [wrt, ...freeVariables(node).filter((v) => v !== wrt)];
  const canonical = vars.map((_, i) => `v${i}q`);
  const key = `${stableForm}|${treeKey(node, new Map(vars.map((v, i) => [v, canonical[i]!] as const)))}`;
  let a = analyses.get(key);
  if (!a) {
    const renamed = substitute(node, new Map(vars.map((v, i) => [v, sym(canonical[i]!)] as const)));
    // The symbolic derivative is shown only where the catalog has no form of its own in the
    // document's names (definitionFinding), and it is the costliest part: computed only then.
    const first = analyzeExpression(renamed, { wrt: canonical[0]!, stableForm, derivative: false });
    a = analyses.set(key, first.catalog?.derivative ? first : { ...first, ...derivativeAnalysis(renamed, canonical[0]!) });
  }
  const back = (text: string) => canonical.reduce((t, c, i) => t.replace(new RegExp(`\\b${c}\\b`, 'g'), vars[i]!), text);
  return {
    ...a,
    wrt,
    derivative: a.derivative ? { ...a.derivative, text: back(a.derivative.text) } : null,
    catalog: a.catalog ? { ...a.catalog, derivative: a.catalog.derivative ? back(a.catalog.derivative) : null } : null,
    saturation: a.saturation ? { ...a.saturation, variable: wrt, description: back(a.saturation.description) } : null,
    instability: a.instability.map((iv) => ({ ...iv, suggestion: iv.suggestion ? back(iv.suggestion) : null })),
  };
}

/**
 * Whether a sum written in `tex` runs over a letter that indexes nothing in the formula
 * (`\\sum_{x=1}^n x_i`: x is neither a subscript, nor a superscript such as ^{(x)}, nor in brackets).
 */
export function hasVacuousSum(tex: string): boolean {
  const sums = [...tex.matchAll(/\\sum\s*(?:\\limits\s*)?_\s*\{?\s*([a-zA-Z])\s*=/g)];
  if (!sums.length) return false;
  const rest = tex.replace(/\\sum\s*(?:\\limits\s*)?_\s*\{[^}]*\}|\\sum\s*(?:\\limits\s*)?_\s*[a-zA-Z]/g, ' ');
  return sums.some(([, l]) => !new RegExp(`_\\s*${l}|_\\s*\\{[^}]*${l}|\\^\\s*\\{?\\s*\\(\\s*${l}\\s*\\)|\\[\\s*${l}\\s*\\]|\\(\\s*${l}\\s*\\)`).test(rest));
}
