/**
 * report.html: one self-contained page for a grader. A table of students (claims checked, right,
 * wrong, unverified, the first wrong step) that sorts by any column, and a section per student with
 * each wrong claim as rendered math (as written, and the right derivative), the slip named, the
 * point where they disagree with both values, and the unverified claims with their reasons.
 *
 * Nothing is fetched: the math is SVG drawn at report time (glyphs shared, see math.ts), the style
 * and the sorting script are inline, and a Content-Security-Policy forbids every remote resource.
 * Without scripts the page still shows everything, unsorted. All text from submissions is escaped.
 */
import { htmlHead } from '../shared/htmlHead.js';
import { FormulaSheet } from './math.js';
import { firstWrong, unreadable, type GradedClaim, type SubmissionResult } from './types.js';

export interface ReportMeta {
  generated: Date;
  version: string;
  /** Tolerances and samples given on the command line, shown so a grade can be reproduced. */
  options: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --wrong: #b42318; --wrong-bg: #fef3f2; --ok: #1a7f37; --note: #0969da; --head: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Liberation Sans", sans-serif; color: var(--fg); margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 0 0 6px; } h3 { font-size: 15px; margin: 16px 0 8px; }
.summary { color: var(--muted); margin: 0 0 18px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--head); position: sticky; top: 0; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td.num, th.num { text-align: right; }
td:first-child, td:nth-child(7) { white-space: nowrap; }
td.wrong { color: var(--wrong); font-weight: 600; } td.zero { color: var(--muted); font-weight: 400; }
tr.unreadable td { background: #fff8c5; }
section.student { border-top: 2px solid var(--line); margin-top: 28px; padding-top: 14px; }
.files, .where, .reason { color: var(--muted); font-size: 13px; }
article.claim { border: 1px solid var(--line); border-left: 4px solid var(--wrong); background: var(--wrong-bg); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.slip { font-weight: 600; color: var(--wrong); }
.pair { display: flex; flex-wrap: wrap; gap: 12px 32px; margin: 8px 0; }
figure { margin: 0; min-width: 0; max-width: 100%; overflow-x: auto; }
figcaption { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
figure svg { max-width: 100%; height: auto; }
code, pre { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
pre { white-space: pre-wrap; word-break: break-word; margin: 4px 0; }
.clean { color: var(--ok); font-weight: 600; }
.problem { color: #9a6700; font-weight: 600; }
ul.unverified { padding-left: 20px; } ul.unverified li { margin: 4px 0; }
a { color: var(--note); }
@media print { th { position: static; } details { display: block; } }
`;

/** Sorts the table by a clicked column: numbers as numbers, ids as text; a second click reverses. */
const SCRIPT = `
(function () {
  var table = document.getElementById('grades');
  var heads = table.tHead.rows[0].cells;
  function key(row, i, num) { var v = row.cells[i].getAttribute('data-v'); return num ? Number(v) : v.toLowerCase(); }
  Array.prototype.forEach.call(heads, function (th, i) {
    th.tabIndex = 0;
    function sort() {
      var num = th.getAttribute('data-type') === 'num';
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) { var x = key(a, i, num), y = key(b, i, num); return x < y ? -dir : x > y ? dir : 0; });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
})();
`;

function math(sheet: FormulaSheet, svg: string | null, text: string | null): string {
  if (svg) return sheet.place(svg);
  return text ? `<pre>${escapeHtml(text)}</pre>` : '<span class="reason">—</span>';
}

function wrongClaim(sheet: FormulaSheet, c: GradedClaim): string {
  return `<article class="claim" data-file="${escapeHtml(c.file)}" data-line="${c.line}" data-slip="${escapeHtml(c.slipKind ?? '')}">
<div class="where">${escapeHtml(c.file)}:${c.line}:${c.column}${c.name ? ` · ${escapeHtml(c.name.replace(/_/g, ' '))}` : ''}</div>
${c.slip ? `<div class="slip">${escapeHtml(c.slip.charAt(0).toUpperCase() + c.slip.slice(1))}</div>` : ''}
<div class="pair"><figure><figcaption>As written</figcaption>${math(sheet, c.writtenSvg, c.written)}</figure>${c.right ? `<figure><figcaption>${c.kind === 'derivative' ? 'Right derivative' : 'Right value'}</figcaption>${math(sheet, c.rightSvg, c.right)}</figure>` : ''}</div>
<p>${escapeHtml(c.message)}</p>
</article>`;
}

function unverifiedClaim(c: GradedClaim): string {
  return `<li><span class="where">${escapeHtml(c.file)}:${c.line}</span> <code>${escapeHtml(c.written.length > 120 ? `${c.written.slice(0, 120)}…` : c.written)}</code> — ${escapeHtml(c.message)}</li>`;
}

function section(sheet: FormulaSheet, r: SubmissionResult, index: number): string {
  const parts: string[] = [`<section class="student" id="s${index}" data-id="${escapeHtml(r.id)}" data-unreadable="${unreadable(r)}"><h2>${escapeHtml(r.id)}</h2>`];
  const files = r.files.map((f) => (f.error ? `${escapeHtml(f.name)} <span class="problem">(not checked: ${escapeHtml(f.error)})</span>` : escapeHtml(f.name)));
  parts.push(`<p class="files">${files.length ? `Files: ${files.join(', ')}` : 'No files read'}${r.skipped.length ? ` · skipped (not a derivation or code): ${r.skipped.map(escapeHtml).join(', ')}` : ''}</p>`);
  if (r.error) parts.push(`<p class="problem">Not graded: ${escapeHtml(r.error)}</p>`);
  parts.push(`<p>${r.checked} claims checked: ${r.right} right, ${r.wrong.length} wrong, ${r.unverified.length} unverified.</p>`);
  if (r.wrong.length) parts.push(`<h3>Wrong claims (${r.wrong.length})</h3>`, ...r.wrong.map((c) => wrongClaim(sheet, c)));
  else if (!unreadable(r) && r.checked > 0) parts.push('<p class="clean">No wrong claim found.</p>');
  if (r.unverified.length) parts.push(`<details><summary>Unverified claims (${r.unverified.length}): GradLens could not check these and does not count them as wrong</summary><ul class="unverified">${r.unverified.map(unverifiedClaim).join('')}</ul></details>`);
  parts.push('</section>');
  return parts.join('\n');
}

function row(r: SubmissionResult, index: number): string {
  const num = (v: number, cls = '') => `<td class="num${cls}" data-v="${v}">${v}</td>`;
  const first = firstWrong(r);
  const problem = r.error ?? r.files.filter((f) => f.error).map((f) => `${f.name}: ${f.error}`).join('; ');
  return `<tr${unreadable(r) ? ' class="unreadable"' : ''}><td data-v="${escapeHtml(r.id)}"><a href="#s${index}">${escapeHtml(r.id)}</a></td>`
    + num(r.files.length) + num(r.checked) + num(r.right) + num(r.wrong.length, r.wrong.length ? ' wrong' : ' zero') + num(r.unverified.length)
    + `<td data-v="${escapeHtml(first)}">${first ? `<a href="#s${index}">${escapeHtml(first)}</a>` : ''}</td>`
    + `<td data-v="${escapeHtml(problem)}">${problem ? `<span class="problem">${escapeHtml(problem)}</span>` : ''}</td></tr>`;
}

export function reportHtml(results: readonly SubmissionResult[], meta: ReportMeta): string {
  const sheet = new FormulaSheet();
  for (const r of results) sheet.addGlyphs(r.glyphs);
  const sections = results.map((r, i) => section(sheet, r, i)).join('\n');
  const claims = results.reduce((n, r) => n + r.checked, 0);
  const wrong = results.reduce((n, r) => n + r.wrong.length, 0);
  const withWrong = results.filter((r) => r.wrong.length > 0).length;
  const bad = results.filter(unreadable).length;
  const heads = [['Student', 'text'], ['Files', 'num'], ['Claims', 'num'], ['Right', 'num'], ['Wrong', 'num'], ['Unverified', 'num'], ['First wrong step', 'text'], ['Problem', 'text']] as const;
  const head = htmlHead({ csp: "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:", title: 'GradLens grading report', extra: `<style>${STYLE}</style>` });
  return `${head}
<body>
${sheet.sheet()}
<h1>GradLens grading report</h1>
<p class="summary">${results.length} submission${results.length === 1 ? '' : 's'} · ${claims} claims checked · ${wrong} wrong in ${withWrong} submission${withWrong === 1 ? '' : 's'}${bad ? ` · ${bad} with unreadable files` : ''} · GradLens ${escapeHtml(meta.version)}, ${escapeHtml(meta.generated.toISOString().replace('T', ' ').slice(0, 16))} UTC${meta.options ? ` · ${escapeHtml(meta.options)}` : ''}</p>
<table id="grades">
<thead><tr>${heads.map(([h, t]) => `<th scope="col" data-type="${t}"${t === 'num' ? ' class="num"' : ''}>${h}</th>`).join('')}</tr></thead>
<tbody>
${results.map(row).join('\n')}
</tbody>
</table>
${sections}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
