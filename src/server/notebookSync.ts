/**
 * Jupyter notebooks in the editor (LSP 3.17 notebook sync). Each open notebook is analysed as one
 * virtual document: its Markdown cells, in cell order, written as a small nbformat-4 notebook, so
 * the worker reads it exactly as `gradlens check` reads an .ipynb (src/notebooks: definitions flow
 * from cell to cell, math never runs across a cell). Findings come back with their cell; this module
 * maps them to the cells' own URIs (opaque to us) for diagnostics and hovers. Code cells are Python,
 * not read yet, and are not asked for.
 */
import { NotebookCellKind, NotebookDocuments, type Connection, type Hover, type Position } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../documents/findings.js';
import type { DocumentRuns, Results, RunDocuments } from './documentRuns.js';
import { findingAt, hoverText, toDiagnostics } from './present.js';
import type { HoverImages } from './hoverImages.js';

/** What the server asks clients to sync: Jupyter notebooks' Markdown cells. */
export const NOTEBOOK_SELECTOR = [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'markdown' }] }];

/** The language id of a notebook's virtual document (never a real document's). */
export const NOTEBOOK_LANGUAGE = 'gradlens-notebook';

interface Virtual {
  doc: TextDocument;
  /** The Markdown cells' URIs, in the order the virtual notebook lists them (a finding's `cell`). */
  cells: string[];
  /** Cells that got diagnostics last time, to clear those that have none now. */
  published: Set<string>;
}

export class NotebookSync {
  readonly notebooks = new NotebookDocuments(TextDocument);
  private readonly virtual = new Map<string, Virtual>();
  private versions = 0;

  constructor(private readonly connection: Connection, private readonly runs: () => DocumentRuns, private readonly log: (m: string) => void) {
    this.notebooks.onDidOpen((nb) => this.update(nb.uri));
    this.notebooks.onDidChange((e) => this.update(e.notebookDocument.uri));
    this.notebooks.onDidClose((nb) => this.close(nb.uri));
  }

  listen(): void {
    this.notebooks.listen(this.connection);
  }

  /** The virtual documents, for the runs (beside the editor's text documents). */
  documents(text: RunDocuments): RunDocuments {
    return {
      get: (uri) => this.virtual.get(uri)?.doc ?? text.get(uri),
      all: () => [...text.all(), ...[...this.virtual.values()].map((v) => v.doc)],
    };
  }

  isVirtual(uri: string): boolean {
    return this.virtual.has(uri);
  }

  /** The notebook a cell belongs to and the cell's place in its virtual document, when the URI is a synced cell. */
  cellOf(uri: string): { notebook: string; index: number } | null {
    const nb = this.notebooks.findNotebookDocumentForCell(uri);
    const v = nb && this.virtual.get(nb.uri);
    const index = v ? v.cells.indexOf(uri) : -1;
    return v && index >= 0 ? { notebook: nb!.uri, index } : null;
  }

  private update(uri: string): void {
    try {
      const nb = this.notebooks.getNotebookDocument(uri);
      if (!nb) return;
      const cells = nb.cells.filter((c) => c.kind === NotebookCellKind.Markup);
      const texts = cells.map((c) => this.notebooks.getCellTextDocument(c)?.getText() ?? '');
      const text = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: texts.map((source) => ({ cell_type: 'markdown', metadata: {}, source })) });
      const old = this.virtual.get(uri);
      this.virtual.set(uri, { doc: TextDocument.create(uri, NOTEBOOK_LANGUAGE, ++this.versions, text), cells: cells.map((c) => c.document), published: old?.published ?? new Set() });
      this.runs().changed(uri);
    } catch (e) {
      this.log(`notebook update failed: ${(e as Error).message}`);
    }
  }

  private close(uri: string): void {
    const v = this.virtual.get(uri);
    this.virtual.delete(uri);
    this.runs().closed(uri);
    for (const cell of v?.published ?? []) void this.connection.sendDiagnostics({ uri: cell, diagnostics: [] }).catch(() => undefined);
  }

  /** A notebook's results are in: diagnostics for each Markdown cell (and none for cells that had some). */
  publish(uri: string, results: Results, severity: Parameters<typeof toDiagnostics>[2]): void {
    const v = this.virtual.get(uri);
    if (!v || v.doc.version !== results.version) return;
    const byCell = new Map<string, Finding[]>();
    for (const f of results.findings) {
      const cell = f.cell !== undefined ? v.cells[f.cell] : undefined;
      if (cell) byCell.set(cell, [...(byCell.get(cell) ?? []), f]);
    }
    const now = new Set<string>();
    for (const [cell, findings] of byCell) {
      now.add(cell);
      const relatedCell = (r: { cell?: number }) => (r.cell !== undefined ? v.cells[r.cell] ?? cell : cell);
      void this.connection.sendDiagnostics({ uri: cell, diagnostics: toDiagnostics(cell, findings, severity, relatedCell) }).catch(() => undefined);
    }
    for (const cell of v.published) if (!now.has(cell)) void this.connection.sendDiagnostics({ uri: cell, diagnostics: [] }).catch(() => undefined);
    v.published = now;
  }

  /** A hover in a Markdown cell, from its notebook's last results (only while they describe the text on screen). */
  hover(cellUri: string, position: Position, images: HoverImages | null): Hover | null {
    const at = this.cellOf(cellUri);
    if (!at) return null;
    const v = this.virtual.get(at.notebook)!;
    const results = this.runs().get(at.notebook)?.results;
    if (!results || results.version !== v.doc.version) return null;
    const indices = results.findings.map((f, i) => (f.cell === at.index ? i : -1)).filter((i) => i >= 0);
    const findings = indices.map((i) => results.findings[i]!);
    const k = findingAt(findings, position);
    if (k < 0) return null;
    const f = findings[k]!;
    const image = images ? (formula: string) => images.image(formula) : undefined;
    return { contents: hoverText(f, results.inputs[indices[k]!] ?? null, image), range: f.range };
  }
}
