import { Encoder, ExtData } from '@msgpack/msgpack';
import { ActorAddress } from '../actor/address.js';
import { typeIdOf, type ClassKey } from '../registry/metadata.js';
import { messageClassById } from '../registry/type-registry.js';
import { dtoPlanOf, type DtoPlan } from './dto-transform.js';
import { MessageEncodeError } from './transport-errors.js';
import { wireBudgets } from './wire-budgets.js';
import {
  BINARY_ARRAYBUFFER,
  BINARY_BUFFER,
  BINARY_DATAVIEW,
  BINARY_KINDS,
  EXT_ADDRESS,
  EXT_BIGINT,
  EXT_DATE,
  EXT_TAG,
  MAP_TAG_EXT,
  SET_TAG_EXT,
  TAG_BINARY,
  TAG_CLASS,
  UNDEFINED_EXT,
} from './wire-types.js';

/** Deeper than this is almost always a cycle; msgpack itself would stop at 100 too. */
const MAX_MESSAGE_DEPTH = 100;

const utf8 = new TextEncoder();
const classTags = new WeakMap<ClassKey, ExtData>();
/** msgpack's encode() builds a new Encoder per call; reuse one for the small address payloads. */
const smallEncoder = new Encoder();

/**
 * Turns a message into a tree msgpack encodes natively (plus our extensions), checking as it
 * goes so a failure names the exact path. Copy-on-write: a subtree that needs no change is
 * returned as is, so plain data costs one read-only walk.
 */
export function toWire(value: unknown, rootPath: string): unknown {
  // The path is kept as a stack of segments and only turned into text for an error message:
  // building "message.items[2]" strings for every value would cost more than the encoding.
  segments.length = 0;
  segments.push(`\0${rootPath}`);
  return walk(value, 0);
}

const segments: (string | number)[] = [];
function currentPath(): string {
  let out = '';
  for (const seg of segments) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (seg.startsWith('\0')) out += seg.slice(1);
    else out += IDENT.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function walkAt(value: unknown, segment: string | number, depth: number): unknown {
  segments.push(segment);
  const wire = walk(value, depth);
  segments.pop();
  return wire;
}

function walk(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return UNDEFINED_EXT;
    case 'bigint': {
      const text = value.toString();
      // The receiver refuses longer ones (parsing is quadratic): say so here, at the send.
      const max = wireBudgets().maxBigintDigits;
      if (text.replace('-', '').length > max) {
        const path = currentPath();
        throw new MessageEncodeError(`${path} is a bigint of ${text.length} digits, over the limit of ${max} (THESPIAN_MAX_BIGINT_DIGITS)`, path, 'BIGINT_TOO_LARGE');
      }
      return new ExtData(EXT_BIGINT, utf8.encode(text));
    }
    case 'function': {
      const path = currentPath();
      throw new MessageEncodeError(
        `${path} is a function (${value.name || 'anonymous'}); functions cannot be sent between processes: send data and let the receiver act on it`,
        path,
      );
    }
    case 'symbol': {
      const path = currentPath();
      throw new MessageEncodeError(`${path} is a symbol (${value.toString()}); symbols cannot be sent between processes`, path);
    }
  }
  if (value === null) return null;
  if (depth >= MAX_MESSAGE_DEPTH) {
    const path = currentPath();
    throw new MessageEncodeError(
      `${path} is nested deeper than ${MAX_MESSAGE_DEPTH} levels (a circular reference?); messages must be trees`,
      path,
      'MESSAGE_TOO_DEEP',
    );
  }
  const obj = value as object;
  if (Array.isArray(obj)) return arrayToWire(obj, depth);
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (proto === Object.prototype || proto === null) return plainToWire(obj as Record<string, unknown>, depth);
  if (obj instanceof ActorAddress) return new ExtData(EXT_ADDRESS, smallEncoder.encode([obj.key, obj.label]));
  if (obj instanceof Date) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, obj.getTime());
    return new ExtData(EXT_DATE, bytes);
  }
  if (obj instanceof Map) {
    const out: unknown[] = [MAP_TAG_EXT];
    let i = 0;
    for (const [k, v] of obj) {
      out.push(walkAt(k, `\0.keys()[${i}]`, depth + 1));
      segments.push(`\0.get(${describeKey(k)})`);
      out.push(walk(v, depth + 1));
      segments.pop();
      i++;
    }
    return out;
  }
  if (obj instanceof Set) {
    const out: unknown[] = [SET_TAG_EXT];
    let i = 0;
    for (const v of obj) out.push(walkAt(v, `\0.values()[${i++}]`, depth + 1));
    return out;
  }
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return binaryToWire(obj);
  return instanceToWire(obj, depth);
}

function arrayToWire(arr: unknown[], depth: number): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < arr.length; i++) {
    const item = arr[i];
    const wire = walkAt(item, i, depth + 1);
    if (wire !== item && !out) out = arr.slice(0, i);
    if (out) out.push(wire);
  }
  return out ?? arr;
}

function plainToWire(obj: Record<string, unknown>, depth: number): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = obj[key];
    const wire = walkAt(item, key, depth + 1);
    if (wire !== item && !out) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = obj[keys[j]!];
    }
    if (out) out[key] = wire;
  }
  return out ?? obj;
}

function instanceToWire(obj: object, depth: number): unknown[] {
  const ctor = (obj as { constructor?: unknown }).constructor;
  const name = typeof ctor === 'function' ? ctor.name || '(anonymous class)' : '(no constructor)';
  if (typeof ctor !== 'function' || messageClassById(typeIdOf(ctor)) !== ctor) {
    const hint =
      obj instanceof Error
        ? 'Error objects cannot be sent: send their message text (or a @Message class carrying it)'
        : obj instanceof Promise
          ? 'a Promise cannot be sent: await it and send the result'
          : `decorate ${name} with @Message() (or @Message({ id })) and run \`thespian generate\` so every process can restore it`;
    const path = currentPath();
    throw new MessageEncodeError(`${path} is an instance of ${name}, which is not a registered message class; ${hint}`, path, 'MESSAGE_CLASS_NOT_REGISTERED');
  }
  let tag = classTags.get(ctor);
  if (!tag) {
    const id = utf8.encode(typeIdOf(ctor));
    const data = new Uint8Array(id.length + 1);
    data[0] = TAG_CLASS;
    data.set(id, 1);
    tag = new ExtData(EXT_TAG, data);
    classTags.set(ctor, tag);
  }
  const dto = dtoPlanOf(ctor);
  if (dto) return [tag, dtoToWire(dto, obj, name, depth)];
  // Own enumerable fields are the state (as structured clone and Thespian's pickle see it).
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (key === '_local') continue; // base-private caches (ActorAddress._local style) never travel
    fields[key] = walkAt((obj as Record<string, unknown>)[key], key, depth + 1);
  }
  return [tag, fields];
}

/** A class-transformer DTO travels as its instanceToPlain, so @Exclude, @Expose and @Transform apply. */
function dtoToWire(dto: DtoPlan, obj: object, name: string, depth: number): unknown {
  const path = currentPath();
  if (dto.refusal) throw new MessageEncodeError(`${path} cannot be sent: ${dto.refusal}`, path, 'DTO_TYPE_NOT_REGISTERED');
  let plain: Record<string, unknown>;
  try {
    plain = dto.transformer.instanceToPlain(obj);
  } catch (err) {
    throw new MessageEncodeError(`${path}: class-transformer's instanceToPlain of ${name} threw: ${(err as Error).message}`, path);
  }
  return walk(plain, depth + 1);
}

function binaryToWire(obj: ArrayBufferView | ArrayBuffer): unknown[] {
  let kind: number;
  let bytes: Uint8Array;
  if (obj instanceof ArrayBuffer) {
    kind = BINARY_ARRAYBUFFER;
    bytes = new Uint8Array(obj);
  } else {
    bytes = new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength);
    if (Buffer.isBuffer(obj)) kind = BINARY_BUFFER;
    else if (obj instanceof DataView) kind = BINARY_DATAVIEW;
    else {
      kind = BINARY_KINDS.findIndex((k) => Object.getPrototypeOf(obj) === k.prototype);
      if (kind < 0) throw new MessageEncodeError(`${currentPath()} is a ${obj.constructor.name}, which the codec cannot carry`, currentPath());
    }
  }
  // A tag then msgpack's native bin: the bytes are copied once, straight into the output.
  return [binaryTag(kind), bytes];
}

const binaryTags = new Map<number, ExtData>();
function binaryTag(kind: number): ExtData {
  let tag = binaryTags.get(kind);
  if (!tag) binaryTags.set(kind, (tag = new ExtData(EXT_TAG, Uint8Array.of(TAG_BINARY, kind))));
  return tag;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function describeKey(k: unknown): string {
  if (typeof k === 'string') return JSON.stringify(k.length > 40 ? k.slice(0, 37) + '...' : k);
  if (typeof k === 'number' || typeof k === 'boolean' || typeof k === 'bigint') return String(k);
  return typeof k === 'object' && k !== null ? `<${k.constructor?.name ?? 'object'} key>` : String(typeof k);
}
