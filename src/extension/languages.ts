/**
 * The document languages and files the client hands to the server: both come from the one table in
 * shared/fileKinds.ts, the same the server dispatches on.
 */
import { EXTENSIONS, LANGUAGE_IDS } from '../shared/fileKinds.js';

export const LANGUAGES: readonly string[] = LANGUAGE_IDS;

/** Files "Check workspace" reads (derivations and code). */
export const WORKSPACE_GLOB = `**/*.{${EXTENSIONS.join(',')}}`;
