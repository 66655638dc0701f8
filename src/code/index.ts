/** The code-reading layer: TS/JS numeric functions as vocabulary trees, and their gradient pairs. */
export { readCode, pairFiles, findPairs, makePair, type FilesResult } from './pairing.js';
export { translateSource, type FileTranslation, type TranslateOptions } from './translate.js';
export { parseSource, scriptKindFor } from './source.js';
export type * from './types.js';
