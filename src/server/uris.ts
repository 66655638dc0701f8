/** From a document URI to the path the analysis names files by (code pairing reads sibling names). */
import { fileURLToPath } from 'node:url';

export function pathOf(uri: string): string {
  try {
    // fileURLToPath, not the URL's pathname: on Windows `file:///c:/x` is `c:\x`, not `/c:/x`.
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}
