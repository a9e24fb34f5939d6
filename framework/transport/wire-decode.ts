import type { ClassKey } from '../registry/metadata.js';
import { Decoder, ExtensionCodec } from '@msgpack/msgpack';
import { ActorAddress } from '../actor/address.js';
import { messageClassById } from '../registry/type-registry.js';
import { checkDecodeBudget } from './decode-budget.js';
import { dtoPlanOf, type DtoPlan } from './dto-transform.js';
import { MessageDecodeError } from './transport-errors.js';
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
  EXT_UNDEFINED,
  TAG_BINARY,
  TAG_CLASS,
  TAG_MAP,
  TAG_SET,
  WireTag,
} from './wire-types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const INTEGER = /^-?\d+$/;

/**
 * Counts tags seen by the current decode. Decoding is synchronous, so one module variable is
 * enough; when it stays 0 the restore walk is skipped and plain data costs nothing extra.
 */
let tagsSeen = 0;
// An address is [key, label]: nothing bigger is decoded for one.
const addressDecoder = new Decoder({ maxArrayLength: 2, maxMapLength: 0, maxBinLength: 0, maxExtLength: 0 });

function fail(what: string): never {
  throw new MessageDecodeError(`malformed message bytes: ${what}`);
}

/**
 * Extension decoders. They build only our own values (ActorAddress, Date, bigint) or a
 * WireTag; no user code runs here. An unknown message type id fails now, with the fix.
 */
const extensions = new ExtensionCodec();
extensions.register({ type: EXT_UNDEFINED, encode: () => null, decode: () => undefined });
extensions.register({
  type: EXT_ADDRESS,
  encode: () => null,
  decode: (data) => {
    const parts = addressDecoder.decode(data);
    if (!Array.isArray(parts) || typeof parts[0] !== 'string' || typeof parts[1] !== 'string') fail('bad ActorAddress');
    return new ActorAddress(parts[0], parts[1]);
  },
});
extensions.register({
  type: EXT_DATE,
  encode: () => null,
  decode: (data) => {
    if (data.byteLength !== 8) fail('bad Date');
    return new Date(new DataView(data.buffer, data.byteOffset, 8).getFloat64(0));
  },
});
extensions.register({
  type: EXT_BIGINT,
  encode: () => null,
  decode: (data) => {
    const text = utf8.decode(data);
    if (!INTEGER.test(text)) fail('bad bigint');
    return BigInt(text);
  },
});
extensions.register({
  type: EXT_TAG,
  encode: () => null,
  decode: (data) => {
    tagsSeen++;
    const kind = data[0];
    if (kind === TAG_MAP || kind === TAG_SET) return new WireTag(kind);
    if (kind === TAG_BINARY && data.byteLength === 2) return new WireTag(kind, undefined, data[1]);
    if (kind !== TAG_CLASS) fail(`unknown tag ${String(kind)}`);
    const id = utf8.decode(data.subarray(1));
    const cls = messageClassById(id);
    if (!cls) {
      throw new MessageDecodeError(
        `received a message of type '${id}', which this process does not know: decorate the class with @Message()` +
          ` (id '${id}') and make sure its module is loaded here (run \`thespian generate\` and import the generated registry)`,
        'UNKNOWN_MESSAGE_TYPE',
      );
    }
    return new WireTag(kind, cls);
  },
});

const decoder = new Decoder({ extensionCodec: extensions });
const KNOWN_EXT_TYPES: ReadonlySet<number> = new Set([EXT_UNDEFINED, EXT_ADDRESS, EXT_DATE, EXT_BIGINT, EXT_TAG]);

/** msgpack bytes -> the value that was sent, with classes, Maps, Sets and binaries restored. */
export function fromBytes(bytes: Uint8Array): unknown {
  const budgets = wireBudgets();
  checkDecodeBudget(bytes, {
    maxHeapBytes: budgets.decodeHeapFactor * bytes.byteLength + budgets.decodeHeapFloor,
    maxDepth: budgets.maxDecodeDepth,
    maxBigintDigits: budgets.maxBigintDigits,
    knownExtTypes: KNOWN_EXT_TYPES,
  });
  tagsSeen = 0;
  let value: unknown;
  try {
    value = decoder.decode(bytes);
  } catch (err) {
    if (err instanceof MessageDecodeError) throw err;
    throw new MessageDecodeError(`malformed message bytes: ${(err as Error).message}`);
  }
  return tagsSeen === 0 ? value : restore(value);
}

function restore(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof WireTag) fail('a tag outside its container');
  if (Array.isArray(value)) {
    const head = value[0];
    if (head instanceof WireTag) return restoreTagged(head, value);
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i]);
    return value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) obj[key] = restore(obj[key]);
  }
  return value; // ActorAddress, Date, bigint and friends are already final
}

function restoreTagged(tag: WireTag, arr: unknown[]): unknown {
  switch (tag.kind) {
    case TAG_MAP: {
      if (arr.length % 2 !== 1) fail('odd Map entries');
      const map = new Map<unknown, unknown>();
      for (let i = 1; i < arr.length; i += 2) map.set(restore(arr[i]), restore(arr[i + 1]));
      return map;
    }
    case TAG_SET: {
      const set = new Set<unknown>();
      for (let i = 1; i < arr.length; i++) set.add(restore(arr[i]));
      return set;
    }
    case TAG_BINARY:
      return restoreBinary(tag.binaryKind, arr[1]);
    default: {
      const fields = arr[1];
      if (arr.length !== 2 || typeof fields !== 'object' || fields === null || Array.isArray(fields)) fail('bad instance fields');
      const dto = dtoPlanOf(tag.cls as ClassKey);
      if (dto) return restoreDto(dto, tag.cls as ClassKey, fields);
      // No constructor call: the prototype plus own data properties (defineProperty, so a
      // setter on the class is not run either).
      const instance = Object.create((tag.cls as ClassKey).prototype as object) as object;
      for (const [key, v] of Object.entries(fields)) {
        Object.defineProperty(instance, key, { value: restore(v), writable: true, enumerable: true, configurable: true });
      }
      return instance;
    }
  }
}

/**
 * The receiver's own class decides this path, never the wire. plainToInstance runs the class's
 * declared @Transform functions and `new` of its @Type targets, which dto-transform.ts has
 * checked are registered message classes or built-ins.
 */
function restoreDto(dto: DtoPlan, cls: ClassKey, fields: object): object {
  if (dto.refusal) throw new MessageDecodeError(`cannot restore a ${cls.name}: ${dto.refusal}`, 'DTO_TYPE_NOT_REGISTERED');
  const plain = restore(fields) as object;
  try {
    return dto.transformer.plainToInstance(cls, plain);
  } catch (err) {
    throw new MessageDecodeError(`class-transformer's plainToInstance of ${cls.name} threw: ${(err as Error).message}`);
  }
}

function restoreBinary(kind: number, data: unknown): unknown {
  if (!(data instanceof Uint8Array)) fail('bad binary');
  // Copy: the result owns an aligned buffer and does not pin the whole received chunk.
  // (Not data.slice(): on a Buffer that is a view, and .buffer would be the whole pool.)
  const copy = new Uint8Array(data.byteLength);
  copy.set(data);
  if (kind === BINARY_BUFFER) return Buffer.from(copy.buffer, 0, copy.byteLength);
  if (kind === BINARY_DATAVIEW) return new DataView(copy.buffer);
  if (kind === BINARY_ARRAYBUFFER) return copy.buffer;
  const View = BINARY_KINDS[kind];
  if (!View) fail(`unknown binary kind ${kind}`);
  if (copy.byteLength % View.BYTES_PER_ELEMENT !== 0) fail('binary length not a multiple of its element size');
  return new View(copy.buffer);
}
