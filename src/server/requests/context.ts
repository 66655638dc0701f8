/**
 * What request handlers share: the open documents and their runs, the settings, the worker pool,
 * the formula images and what the client said it supports. start.ts builds it; each handler in this
 * folder takes it and the request's params, and nothing else.
 */
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentRuns } from '../documentRuns.js';
import type { HoverImages } from '../hoverImages.js';
import type { WorkerPool } from '../pool.js';
import type { ScopedSettings, Tuning } from '../settings.js';

export interface ServerContext {
  documents: TextDocuments<TextDocument>;
  runs: DocumentRuns;
  settings: ScopedSettings;
  tuning(): Tuning;
  workers(): WorkerPool;
  images(): HoverImages | null;
  /** The client applies versioned edits (documentChanges): a fix is never applied to text it was not made for. */
  versionedEdits(): boolean;
}
