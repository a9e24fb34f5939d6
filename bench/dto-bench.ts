import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { Exclude, Type } from 'class-transformer';
import { Message } from '../framework/actor/decorators.js';
import { decodeMessage, encodeMessage } from '../framework/transport/codec.js';
import { setDtoTransformDisabled } from '../framework/transport/dto-transform.js';

/**
 * Issue 12 item 7: a @Message class without class-transformer annotations must cost nothing
 * extra. "before" is the same run with the interop switched off; "after" has it on, with
 * class-transformer loaded (the worst case: every class is checked against its metadata).
 * Rounds alternate so drift from the machine's load hits both sides alike.
 */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  n?: number;
}

@Message({ id: 'bench.Plain' })
class PlainMsg {
  constructor(
    public id = 0,
    public name = 'order',
    public when = new Date(0),
    public tags: string[] = ['a', 'b'],
  ) {}
}

@Message({ id: 'bench.Line' })
class Line {
  sku = 'x';
  qty = 1;
}

@Message({ id: 'bench.Dto' })
class DtoMsg {
  id = 0;
  name = 'order';
  @Type(() => Date) when = new Date(0);
  @Type(() => Line) lines: Line[] = [new Line()];
  @Exclude() secret = 's';
}

const OPS = 5_000;
const PAIRS = 30;

function opsPerSec(make: () => object): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < OPS; i++) decodeMessage(encodeMessage(make()));
  return OPS / (Number(process.hrtime.bigint() - start) / 1e9);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** ms to load a module in a fresh node, minus the same node loading nothing. */
function loadMs(spec: string): number {
  const code = (what: string) => `const t=process.hrtime.bigint();${what};console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const run = (what: string) => median([0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', code(what)], { encoding: 'utf8' }))));
  return run(`require(${JSON.stringify(spec)})`) - run('0');
}

export async function runDtoBench(): Promise<BenchFigure[]> {
  const plain = () => new PlainMsg(1, 'order', new Date(5), ['a', 'b']);
  const dto = () => Object.assign(new DtoMsg(), { id: 1 });
  const pair = (make: () => object, first: boolean) => {
    // Alternate which side runs first, so neither always runs on a warmer JIT or a quieter machine.
    setDtoTransformDisabled(first);
    const x = opsPerSec(make);
    setDtoTransformDisabled(!first);
    const y = opsPerSec(make);
    setDtoTransformDisabled(false);
    return first ? { off: x, on: y } : { off: y, on: x };
  };
  const plainPairs: { off: number; on: number }[] = [];
  const dtoPairs: { off: number; on: number }[] = [];
  for (let r = 0; r < PAIRS + 2; r++) {
    const p = pair(plain, r % 2 === 0);
    const d = pair(dto, r % 2 === 1);
    if (r < 2) continue; // warm-up
    plainPairs.push(p);
    dtoPairs.push(d);
  }
  const fig = (pairs: { off: number; on: number }[]) => ({
    off: median(pairs.map((p) => p.off)),
    on: median(pairs.map((p) => p.on)),
    ratio: median(pairs.map((p) => p.on / p.off)),
  });
  const p = fig(plainPairs);
  const d = fig(dtoPairs);
  return [
    { name: 'plain @Message encode+decode, interop off (before)', value: Math.round(p.off), unit: 'ops/s', n: OPS * PAIRS },
    { name: 'plain @Message encode+decode, interop on (after)', value: Math.round(p.on), unit: 'ops/s', n: OPS * PAIRS },
    { name: 'plain @Message after/before (median of paired rounds)', value: p.ratio, unit: 'ratio' },
    { name: 'class-transformer DTO encode+decode, annotations applied', value: Math.round(d.on), unit: 'ops/s', n: OPS * PAIRS },
    { name: 'same DTO class through the codec path (annotations ignored)', value: Math.round(d.off), unit: 'ops/s', n: OPS * PAIRS },
    { name: 'DTO annotations applied / ignored (median of paired rounds)', value: d.ratio, unit: 'ratio' },
    { name: "require('class-transformer') in a fresh node", value: loadMs('class-transformer'), unit: 'ms' },
  ];
}
