/** Checking gradients written in TS/JS code: findings in the same contract as documents. */
export { analyzeCode, analyzeCodeFiles, MAX_FILE_CHARS, type CodeOptions, type CodeFile } from './analyzeCode.js';
export { jsText } from './jsText.js';
