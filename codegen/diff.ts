/**
 * A short line diff for `--check`: the first differing lines, enough to see what went
 * stale without flooding a CI log. Not a minimal diff: it aligns common head and tail.
 */
export function shortDiff(expected: string, actual: string | undefined, maxLines = 12): string {
  if (actual === undefined) return '  (file is missing)';
  const a = actual.split('\n');
  const e = expected.split('\n');
  let head = 0;
  while (head < a.length && head < e.length && a[head] === e[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < e.length - head && a[a.length - 1 - tail] === e[e.length - 1 - tail]) tail++;
  const removed = a.slice(head, a.length - tail).map((l) => `  - ${l}`);
  const added = e.slice(head, e.length - tail).map((l) => `  + ${l}`);
  const lines = [`  @@ line ${head + 1} @@`, ...removed, ...added];
  const more = lines.length - maxLines;
  return (more > 0 ? [...lines.slice(0, maxLines), `  ... ${more} more line(s)`] : lines).join('\n');
}
