/** Offset → LSP position mapping: the shared implementation (src/text/positions.ts). */
export { LineIndex } from '../text/positions.js';
