/**
 * The colour baked into hover formulas. A hover shows its math as an SVG image, and an image
 * cannot inherit the editor's text colour, so the colour is chosen here from the theme's kind
 * (extensions cannot read a theme's actual colours) and sent to the server, which renders with it.
 */
import * as vscode from 'vscode';

export function formulaColor(kind: vscode.ColorThemeKind = vscode.window.activeColorTheme.kind): string {
  switch (kind) {
    case vscode.ColorThemeKind.Light: return '#1f1f1f';
    case vscode.ColorThemeKind.HighContrast: return '#ffffff';
    case vscode.ColorThemeKind.HighContrastLight: return '#000000';
    default: return '#cccccc';
  }
}
