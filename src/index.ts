/**
 * The `gradlens` library: `import { gradcheck } from 'gradlens'` (ESM) or
 * `const { gradcheck } = require('gradlens')` (CommonJS).
 */
export {
  gradcheck, assertGradcheck, GradcheckError,
  analyzeExpression, checkDerivative, parseExpression, recognize, saturation, describeSaturation, instability,
  symbolicDerivative, CATALOG, ExpressionError,
} from './core/index.js';
export type {
  GradcheckOptions, GradcheckResult, CheckReport, Verdict, WorstPoint, ExpressionAnalysis, ExpressionOptions,
  CatalogEntry, Recognition, Saturation, InstabilityInterval, MathNode,
} from './core/index.js';
