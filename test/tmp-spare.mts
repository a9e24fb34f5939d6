import { createRequire } from "node:module"; const require = createRequire(import.meta.url);
import { ActorSystem } from '/work/wt-harden/framework/index.ts';
import { childrenOf } from '/work/wt-harden/test/support/wire-probe.ts';
process.env.THESPIAN_SPARE_PROCESSES = '2';
const sys = await ActorSystem.start({ base: 'multiprocTCPBase', transientUnique: true, logDefs: false });
const st = await sys.status();
const kids = childrenOf(st.pid!);
console.log('admin', st.pid, 'kids', kids);
process.kill(st.pid!, 'SIGKILL');
for (let i = 0; i < 2; i++) {
  await new Promise((r) => setTimeout(r, 500));
  console.log(i, kids.map((k) => { try { process.kill(k, 0); return require("fs").readFileSync(`/proc/${k}/stat`,"utf8").split(" ")[2]; } catch { return 'dead'; } }).join(','));
}
console.log(JSON.stringify(kids)); await new Promise(r=>setTimeout(r,100000));
process.exit(0);
