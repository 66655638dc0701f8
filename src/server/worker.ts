/**
 * An analysis worker (worker_threads): runs document analysis and plot sampling off the server's
 * event loop. It keeps a region cache per document, so the server routes a document to the same
 * worker every time. Nothing here touches the protocol.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeDocument } from '../documents/analyzeDocument.js';
import { analyzeCodeDocument } from './dispatch.js';
import type { AnalyzeResult, WorkerRequest, WorkerResponse, WorkerResult } from './messages.js';
import { inputVariable, plotData } from './plot.js';
import { RegionCache } from './regionCache.js';

const cache = new RegionCache();

export function handle(msg: WorkerRequest): WorkerResult {
  switch (msg.kind) {
    case 'analyze': {
      const started = Date.now();
      let result: AnalyzeResult;
      if (msg.documentKind === 'code') {
        const report = analyzeCodeDocument(msg.path, msg.text, msg.options);
        result = { findings: report.findings, inputs: [], stats: { regions: 0, reused: 0, full: true, reason: 'code' }, error: report.error ?? null, ms: 0 };
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
    case 'forget':
      if (msg.uri === null) cache.clear(); else cache.forget(msg.uri);
      return null;
  }
}

parentPort?.on('message', (msg: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { id: msg.id, ok: true, result: handle(msg) };
  } catch (e) {
    response = { id: msg?.id ?? -1, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(response);
});
parentPort?.postMessage({ ready: true });
