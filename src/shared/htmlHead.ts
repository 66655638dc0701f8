/**
 * The head of every page GradLens writes (the plot webview, the grading report): UTF-8, a strict
 * Content-Security-Policy given by the caller (nothing remote, ever), the viewport and the title.
 * Dependency-free: the extension's client bundle and the CLI both use it.
 */
export function htmlHead(opts: { csp: string; title: string; extra?: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${opts.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
${opts.extra ?? ''}
</head>`;
}
