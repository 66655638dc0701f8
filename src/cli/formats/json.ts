/** The JSON format: `{"files":[{"path","findings":[…],"error"?}]}`, the stable findings contract. */
import type { CheckRun } from './report.js';

export function formatJson(run: CheckRun): string {
  return JSON.stringify({ files: run.reports.map((r) => ({ path: r.path, findings: r.findings, ...(r.error ? { error: r.error } : {}) })) }, null, 2);
}
