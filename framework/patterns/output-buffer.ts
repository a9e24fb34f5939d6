/**
 * Collects one output stream: whole text up to `max` characters, beyond that the head and
 * the tail with a marker between (Thespian keeps both ends of oversized output too).
 */
export class OutputBuffer {
  private head = '';
  private tail = '';
  private overflowed = false;
  private dropped = 0;

  constructor(private readonly max: number) {}

  add(chunk: string): void {
    if (!this.overflowed) {
      if (this.head.length + chunk.length <= this.max) {
        this.head += chunk;
        return;
      }
      const all = this.head + chunk;
      const half = Math.floor(this.max / 2);
      this.overflowed = true;
      this.head = all.slice(0, half);
      this.tail = all.slice(half);
    } else {
      this.tail += chunk;
    }
    const keep = this.max - this.head.length;
    if (this.tail.length > keep) {
      this.dropped += this.tail.length - keep;
      this.tail = this.tail.slice(this.tail.length - keep);
    }
  }

  text(): string {
    return this.overflowed ? `${this.head}\n[... ${this.dropped} characters omitted ...]\n${this.tail}` : this.head;
  }
}

/** Splits a stream into lines for the logger; the last partial line waits for more. */
export class LineSplitter {
  private partial = '';

  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    return parts;
  }

  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [rest] : [];
  }
}
