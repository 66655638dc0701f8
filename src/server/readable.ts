/** Moved to src/text/readable.ts (verdict sentences in src/documents use it too); kept for the server's importers. */
export { readableMath, readableTex } from '../text/readable.js';
