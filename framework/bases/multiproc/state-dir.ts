import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ActorSystemStartupFailure } from '../../actor/errors.js';

/**
 * The per-user folder where a detached TCP/UDP admin keeps what its user needs to find and
 * prove it again: the system secret (system-secret.ts), its state and its log
 * (admin-state.ts). THESPIAN_STATE_DIR, else $XDG_RUNTIME_DIR/thespian, else
 * <tmpdir>/thespian-<uid>.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.THESPIAN_STATE_DIR) return resolve(env.THESPIAN_STATE_DIR);
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'thespian');
  return join(tmpdir(), `thespian-${userInfo().uid}`);
}

/**
 * The state dir, made 0700 if missing. In a shared /tmp another user could have made it
 * first to read our secrets and logs: refuse any dir that is not ours alone, and say what to do.
 */
export function ensureStateDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = stateDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  const uid = userInfo().uid;
  if (!st.isDirectory() || (uid >= 0 && st.uid !== uid) || (st.mode & 0o077) !== 0) {
    throw new ActorSystemStartupFailure(
      `the thespian state directory ${dir} is not a private directory of this user (it must be a real directory owned by uid ${uid} with mode 0700): ` +
        'remove it, or set THESPIAN_STATE_DIR to a directory only you can read',
      'UNSAFE_STATE_DIR',
    );
  }
  return dir;
}
