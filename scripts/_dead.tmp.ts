import { Project } from 'ts-morph';
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
const ROOT = process.cwd();
const p = new Project({ skipAddingFilesFromTsConfig: true });
p.addSourceFilesAtPaths(['framework/**/*.ts', 'codegen/**/*.ts', 'cli/**/*.ts']);
const BARRELS = /(^|\/)(index|internal)\.ts$/;
for (const sf of p.getSourceFiles()) {
  const rel = relative(ROOT, sf.getFilePath());
  if (BARRELS.test(rel)) continue;
  for (const [name, decls] of sf.getExportedDeclarations()) {
    if (decls.every((d) => d.getSourceFile() !== sf)) continue; // re-export
    let out = '';
    try {
      out = execFileSync('grep', ['-rlw', '--include=*.ts', '--include=*.mjs', '--exclude-dir=node_modules', '--exclude-dir=dist', '--exclude-dir=.git', name, '.'], { encoding: 'utf8' });
    } catch { out = ''; }
    const files = out.split('\n').filter(Boolean).map((f) => f.replace(/^\.\//, '')).filter((f) => f !== rel && !BARRELS.test(f));
    const internalUse = sf.getDescendants().filter((n) => n.getText() === name).length > 1;
    if (files.length === 0) console.log(`${rel}\t${name}\t${internalUse ? 'used-in-own-file' : 'UNUSED'}`);
  }
}
