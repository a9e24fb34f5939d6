/**
 * fflate parses and inflates the zip but does not expose an entry's external attributes,
 * which is where a Unix symlink is marked. This reads only that field, entry by entry in
 * central-directory order (the order fflate reports entries in), after fflate has already
 * accepted the directory, and refuses to guess when anything is out of bounds.
 */
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** For each central-directory entry, in order: whether it is marked as a symlink. Null when the directory cannot be read. */
export function symlinkFlags(zip: Uint8Array): boolean[] | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u32 = (at: number): number => (at >= 0 && at + 4 <= zip.length ? view.getUint32(at, true) : -1);
  const u16 = (at: number): number => (at >= 0 && at + 2 <= zip.length ? view.getUint16(at, true) : -1);
  let end = zip.length - 22;
  while (end >= 0 && u32(end) !== EOCD) {
    if (zip.length - end > 65557) return null;
    end--;
  }
  if (end < 0) return null;
  let count = u16(end + 10);
  let offset = u32(end + 16);
  if (u32(end - 20) === ZIP64_LOCATOR) {
    const z64 = Number(view.getBigUint64(end - 12, true));
    if (u32(z64) === ZIP64_EOCD) {
      count = Number(view.getBigUint64(z64 + 32, true));
      offset = Number(view.getBigUint64(z64 + 48, true));
    }
  }
  const flags: boolean[] = [];
  for (let i = 0; i < count; i++) {
    if (u32(offset) !== CENTRAL) return null;
    const host = u16(offset + 4) >> 8;
    const mode = u32(offset + 38) >>> 16;
    flags.push(host === UNIX_HOST && (mode & S_IFMT) === S_IFLNK);
    const next = offset + 46 + u16(offset + 28) + u16(offset + 30) + u16(offset + 32);
    if (next <= offset || next > zip.length) return null;
    offset = next;
  }
  return flags;
}
