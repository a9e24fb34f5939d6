import { knownMessageIds, messageClassById } from '../../framework/internal.js';
import { CliError } from '../io.js';

/** A registered message class by its id, or by its short name for the framework's own ('ActorExitRequest'). */
function messageClass(name: string): (new () => object) | undefined {
  return (messageClassById(name) ?? messageClassById(`thespian.${name}`)) as (new () => object) | undefined;
}

/** Names to complete after ask/tell: registered message ids, the framework's without their prefix. */
export function messageNames(): string[] {
  return knownMessageIds().map((id) => id.replace(/^thespian\./, ''));
}

/**
 * A message as typed in the shell:
 * - JSON (`"text"`, `42`, `{"a": 1}`, `[1, 2]`, `true`, `null`): that value;
 * - `ClassName` or `ClassName {"field": value}`: an instance of a registered message class
 *   (built with no arguments, then given the fields), e.g. `Hello {"name": "you"}`;
 * - anything else: the rest of the line as a string (as Thespian's shell sends it).
 */
export function parseMessage(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new CliError('no message: write it as JSON ("hi", {"a": 1}), as a registered class (Hello {"name": "you"}), or as plain text', 'SHELL_NO_MESSAGE');
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    /* not JSON: a class, or text */
  }
  const m = /^([A-Za-z_$][\w.$]*)\s*(\{.*\})?$/s.exec(trimmed);
  const cls = m ? messageClass(m[1]!) : undefined;
  if (!m || !cls) return trimmed;
  let fields: Record<string, unknown> = {};
  if (m[2]) {
    try {
      fields = JSON.parse(m[2]) as Record<string, unknown>;
    } catch (err) {
      throw new CliError(`the fields of ${m[1]} are not JSON: ${(err as Error).message} (write them as {"name": "value"})`, 'SHELL_BAD_FIELDS');
    }
  }
  return Object.assign(new cls(), fields);
}
