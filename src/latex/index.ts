/** The LaTeX/Markdown reading layer: find math in documents and read it into mathjs trees. */
export { findMathRegions } from './regions.js';
export { collectMacros } from './macros.js';
export { parseMath, collectFunctionNames, MAX_MEMBER_LENGTH } from './parse.js';
export { derivative as derivativeOf, substituteIndex } from './build.js';
export type {
  Condition, Directive, MathRegion, Member, ParseContext, ParsedLine, ParsedMath, Position, Relation, SourceFormat, SourceRange,
} from './types.js';
