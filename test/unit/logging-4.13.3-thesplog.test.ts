import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createThesplog, thesplogSettings, THESPLOG_DEFAULT_MAXSIZE } from '../../framework/logging/thesplog.js';
import { lines, tempDir } from './logging-support.js';

describe('4.13.3 Thespian internals logging (thesplog)', () => {
  it('4.13.3 defaults: no file (the starter writes nothing), 50 KiB, WARNING', () => {
    expect(thesplogSettings({})).toEqual({ file: undefined, maxSize: THESPLOG_DEFAULT_MAXSIZE, threshold: 30 });
    expect(THESPLOG_DEFAULT_MAXSIZE).toBe(51_200);
    const fallback: string[] = [];
    createThesplog({ who: 'starter', env: {} })('error', 'goes nowhere');
    createThesplog({ who: 'admin', env: {}, fallback: (l) => fallback.push(l) })('error', 'to the fallback');
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatch(new RegExp(`^\\S+ p${process.pid} ERROR admin: to the fallback\\n$`));
  });

  it('4.13.3 THESPLOG_THRESHOLD decides what is written; a malformed value keeps WARNING', () => {
    const file = join(tempDir(), 'thesp.log');
    const log = createThesplog({ who: 't', env: { THESPLOG_FILE: file, THESPLOG_THRESHOLD: 'ERROR' } });
    for (const lv of ['debug', 'info', 'warning', 'error', 'critical']) log(lv, `${lv} line`);
    expect(lines(file).map((l) => l.split(': ')[1])).toEqual(['error line', 'critical line']);
    expect(thesplogSettings({ THESPLOG_THRESHOLD: 'chatty', THESPLOG_FILE_MAXSIZE: 'big' })).toMatchObject({ threshold: 30, maxSize: THESPLOG_DEFAULT_MAXSIZE });
    expect(thesplogSettings({ THESPLOG_THRESHOLD: 'debug' }).threshold).toBe(10);
  });

  it('4.13.3 past THESPLOG_FILE_MAXSIZE the file becomes <file>.old once and a new file starts', () => {
    const file = join(tempDir(), 'thesp.log');
    const log = createThesplog({ who: 't', env: { THESPLOG_FILE: file, THESPLOG_FILE_MAXSIZE: '300' } });
    // Each line is ~60 bytes: 300 bytes hold about five.
    for (let i = 0; i < 12; i++) log('warning', `line number ${String(i).padStart(2, '0')}`);
    const current = lines(file);
    const old = lines(`${file}.old`);
    // Nothing is lost between the two files except what the second rotation replaced,
    // and neither file grows past the limit.
    expect(current.at(-1)).toMatch(/line number 11$/);
    expect(old.length).toBeGreaterThan(0);
    expect(Number(/number (\d+)/.exec(old.at(-1)!)![1]) + 1).toBe(Number(/number (\d+)/.exec(current[0]!)![1]));
    for (const f of [file, `${file}.old`]) expect(lines(f).join('\n').length + lines(f).length).toBeLessThanOrEqual(300);
  });

  it('4.13.3 an unwritable THESPLOG_FILE never throws into the caller', () => {
    const log = createThesplog({ who: 't', env: { THESPLOG_FILE: join(tempDir(), 'missing/dir/thesp.log') } });
    expect(() => log('critical', 'lost')).not.toThrow();
  });
});
