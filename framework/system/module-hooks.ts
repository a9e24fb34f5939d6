/**
 * Module resolution hooks for a process running the bundled framework (registered by
 * module-import.ts; they run in Node's loader thread, so this file imports nothing).
 * Whatever an application module's import of the framework resolves to (the package name,
 * the sources of a checkout, the tsc output), it gets the one copy the process already
 * runs: a second copy would have its own ActorBase and message classes, and `instanceof`
 * across the two would fail.
 */
interface HookData {
  /** Framework entry URLs (without query) -> the URL of the copy this process runs. */
  map: Record<string, string>;
  /** For `import 'thespian-ts'` from a module with no thespian-ts in reach. */
  self: string;
}

interface Resolved {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}

type NextResolve = (specifier: string, context?: unknown) => Promise<Resolved>;

let data: HookData = { map: {}, self: '' };

export function initialize(init: HookData): void {
  data = init;
}

export async function resolve(specifier: string, context: unknown, next: NextResolve): Promise<Resolved> {
  let resolved: Resolved;
  try {
    resolved = await next(specifier, context);
  } catch (err) {
    if (specifier === 'thespian-ts' && data.self) return { url: data.self, format: 'module', shortCircuit: true };
    throw err;
  }
  const target = data.map[resolved.url.split('?')[0] ?? ''];
  return target ? { url: target, format: 'module', shortCircuit: true } : resolved;
}
