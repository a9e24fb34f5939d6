import { packageError } from './package-errors.js';

/** The manifest's own entry name: outside the module namespace, so no package file can shadow it. */
export const MANIFEST_ENTRY = '.thespian-manifest.json';

/**
 * A path inside a package must stay inside it wherever it is unpacked or resolved:
 * relative, forward slashes only, no `.`/`..` segments, no drive letters, and no ':' at
 * all because actor specs use it to separate the path from the export name.
 */
export function checkPackagePath(path: string, maxLength: number): void {
  const refuse = (why: string, code: string): never => {
    throw packageError(`unsafe path: ${why}`, code, path, 'package files must use relative forward-slash paths inside the package');
  };
  if (path.length === 0) refuse('empty name', 'SOURCE_PATH_EMPTY');
  if (path.length > maxLength) refuse(`longer than ${maxLength} characters`, 'SOURCE_PATH_TOO_LONG');
  if (path.includes('\0')) refuse('contains a NUL character', 'SOURCE_PATH_NUL');
  if (path.includes('\\')) refuse('contains a backslash', 'SOURCE_PATH_BACKSLASH');
  if (path.includes(':')) refuse('contains a drive letter or colon', 'SOURCE_PATH_COLON');
  if (path.startsWith('/')) refuse('is absolute', 'SOURCE_PATH_ABSOLUTE');
  for (const segment of path.split('/')) {
    if (segment === '..') refuse("has a '..' segment", 'SOURCE_PATH_TRAVERSAL');
    if (segment === '.' || segment === '') refuse("has an empty or '.' segment", 'SOURCE_PATH_SEGMENT');
  }
}
