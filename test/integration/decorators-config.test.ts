import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('decorators compiled without experimentalDecorators', () => {
  it('5.17 fail loudly, naming the setting, instead of leaving an actor deaf to every message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thespian-stddeco-'));
    const entry = resolve('framework/index.ts');
    const file = join(dir, 'actor.ts');
    // No tsconfig here: tsx compiles this file with standard decorators.
    writeFileSync(
      file,
      `import { Actor, ActorBase, Receive } from ${JSON.stringify(entry)};
       @Actor() export class Deaf extends ActorBase { @Receive(String) hi() {} }
       console.log('loaded');`,
    );
    const tsx = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;
    const out = spawnSync(process.execPath, ['--import', tsx, file], { encoding: 'utf8', cwd: dir });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/experimentalDecorators\\?": true, but '\w+' was compiled with standard decorators/);
    expect(out.stdout).not.toContain('loaded');
  });
});
