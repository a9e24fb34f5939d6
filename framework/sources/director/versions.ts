
/**
 * Versions of a source group (director.md 2.3.4): fields split on '.', each compared as a
 * number when both are numeric (so 1.10 > 1.9), otherwise as text; a missing field is lower.
 */
export function compareVersions(a: string, b: string): number {
  const fa = a.split('.');
  const fb = b.split('.');
  for (let i = 0; i < Math.max(fa.length, fb.length); i++) {
    const x = fa[i];
    const y = fb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? BigInt(x) : undefined;
    const ny = /^\d+$/.test(y) ? BigInt(y) : undefined;
    if (nx !== undefined && ny !== undefined) {
      if (nx !== ny) return nx < ny ? -1 : 1;
    } else if (nx !== undefined || ny !== undefined) {
      // Numbers sort above words, so '2.rc1' < '2.1'.
      return nx !== undefined ? 1 : -1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** 'version:date' (director.md 2.3.4): YYYYMMDDHHMM in UTC, so versions sort in build order. */
export function dateVersion(now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}`;
}

/** A version as written in a file name: fields of letters, digits, '_' and '-'. */
export function checkVersion(version: string): string {
  if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(version)) {
    throw new Error(`version '${version}' is not usable: write it as dot-separated fields of letters and digits (e.g. 1.2.10), or 'version:date'`);
  }
  return version;
}

/** A group name becomes the start of a file name and a key in the Director: no separators. */
export function checkGroup(group: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.]*$/.test(group)) {
    throw new Error(`group '${group}' is not usable: use letters, digits, '_' and '.' (it names <group>-<version>.tls files)`);
  }
  return group;
}

/** `<group>-<version>.tls`, or `<group>.tls` for an unversioned package. */
export function tlsFileName(group: string, version: string | undefined): string {
  return version ? `${group}-${version}.tls` : `${group}.tls`;
}

/** Newest first within a group, groups by name: the order `avail` prints and `refresh` picks from. */
export function sortNewestFirst<T extends { group: string; version: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.group === b.group ? compareVersions(b.version, a.version) : a.group < b.group ? -1 : 1));
}
