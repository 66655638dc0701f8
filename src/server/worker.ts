/**
 * An analysis worker (worker_threads): runs document analysis and plot sampling off the server's
 * event loop. It keeps a region cache per document, so the server routes a document to the same
 * worker every time. Nothing here touches the protocol.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeDocument } from '../documents/analyzeDocument.js';
import { analyzeCode } from '../codecheck/analyzeCode.js';
import { analyzeNotebook } from '../notebooks/analyzeNotebook.js';
import { codeFixes } from '../codecheck/fixes.js';
import type { AnalyzeResult, WorkerRequest, WorkerResponse, WorkerResult } from './messages.js';
import { formulaImages } from './mathImage.js';
import { inputVariable, plotData } from './plot.js';
import { RegionCache } from '../documents/incremental.js';
import { clearCaches } from '../core/cache.js';
import { looksBinary } from '../workspace/sources.js';

const cache = new RegionCache();

export function handle(msg: WorkerRequest): WorkerResult | Promise<WorkerResult> {
  switch (msg.kind) {
    case 'analyze': {
      const started = Date.now();
      let result: AnalyzeResult;
      // Checked here, not in the server's thread: the workspace module brings the whole analysis with it.
      if (msg.text.includes('\u0000') || looksBinary(Buffer.from(msg.text.slice(0, 8192), 'utf8'))) {
        return { findings: [], inputs: [], stats: { regions: 0, reused: 0, full: true, reason: 'binary' }, error: 'binary content, not text: not checked', ms: Date.now() - started };
      }
      if (msg.documentKind === 'code') {
        const report = analyzeCode(msg.path, msg.text, msg.options);
        result = { findings: report.findings, inputs: [], stats: { regions: 0, reused: 0, full: true, reason: 'code' }, error: report.error ?? null, ms: 0 };
        if (!msg.transient) result.fixes = codeFixes(msg.path, msg.text, report.findings);
      } else if (msg.documentKind === 'python') {
        // The editor does not select Python yet (shared/fileKinds.ts); `gradlens check` reads it.
        result = { findings: [], inputs: [], stats: { regions: 0, reused: 0, full: true, reason: 'python' }, error: 'Python is checked by gradlens check, not yet in the editor', ms: 0 };
      } else if (msg.documentKind === 'notebook') {
        // A notebook's Markdown cells, sent as a notebook (notebookSync.ts): findings carry their cell.
        let findings: AnalyzeResult['findings'] = [];
        let error: string | null = null;
        try { findings = analyzeNotebook(msg.text, msg.options); } catch (e) { error = (e as Error).message; }
        result = { findings, inputs: [], stats: { regions: 0, reused: 0, full: true, reason: 'notebook' }, error, ms: 0 };
      } else if (msg.transient) {
        result = { findings: analyzeDocument(msg.text, msg.documentKind, msg.options), inputs: [], stats: { regions: 0, reused: 0, full: true, reason: 'not open' }, error: null, ms: 0 };
      } else {
        let r;
        try {
          r = cache.analyze(msg.uri, msg.text, msg.documentKind, msg.options);
        } catch (e) {
          // The cache is an optimisation: a failure in it must not cost the document its findings.
          cache.forget(msg.uri);
          r = { findings: analyzeDocument(msg.text, msg.documentKind, msg.options), stats: { regions: 0, reused: 0, full: true, reason: `cache failed: ${(e as Error).message}` } };
        }
        result = { findings: r.findings, inputs: [], stats: r.stats, error: null, ms: 0 };
      }
      result.inputs = result.findings.map((f) => (f.saturation?.length || f.instability?.length ? inputVariable(f.expression) : null));
      result.ms = Date.now() - started;
      return result;
    }
    case 'plot':
      return plotData(msg.request);
    case 'render':
      return formulaImages(msg.formulas, msg.color);
    case 'forget':
      if (msg.uri === null) cache.clear(); else cache.forget(msg.uri);
      // With no document left, the memo tables go too: a server idle after a session holds nothing of it.
      if (cache.size === 0) clearCaches();
      return null;
  }
}

parentPort?.on('message', (msg: WorkerRequest) => {
  const fail = (e: unknown): WorkerResponse => ({ id: msg?.id ?? -1, ok: false, error: e instanceof Error ? e.message : String(e) });
  let result: WorkerResult | Promise<WorkerResult>;
  try {
    result = handle(msg);
  } catch (e) {
    parentPort!.postMessage(fail(e));
    return;
  }
  // Drawing formulas loads its modules asynchronously; analysis answers at once.
  Promise.resolve(result).then((r) => ({ id: msg.id, ok: true, result: r }) as WorkerResponse, fail).then((response) => parentPort!.postMessage(response));
});
parentPort?.postMessage({ ready: true });
