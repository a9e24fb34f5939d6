/**
 * The exception hierarchy of spec 6.1. Every error carries a stable `code` so callers
 * (and tests) can branch on what went wrong without parsing messages.
 */
export class ActorSystemException extends Error {
  readonly code: string;
  constructor(message: string, code = 'ACTOR_SYSTEM_EXCEPTION') {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export class InvalidActorAddress extends ActorSystemException {
  constructor(message: string, code = 'INVALID_ACTOR_ADDRESS') {
    super(message, code);
  }
}

export class NoCompatibleSystemForActor extends ActorSystemException {
  constructor(message: string, code = 'NO_COMPATIBLE_SYSTEM') {
    super(message, code);
  }
}

export class ActorSystemFailure extends ActorSystemException {
  constructor(message: string, code = 'ACTOR_SYSTEM_FAILURE') {
    super(message, code);
  }
}

export class ActorSystemStartupFailure extends ActorSystemFailure {
  constructor(message: string, code = 'ACTOR_SYSTEM_STARTUP_FAILURE') {
    super(message, code);
  }
}

export class ActorSystemRequestTimeout extends ActorSystemFailure {
  constructor(message: string, code = 'ACTOR_SYSTEM_REQUEST_TIMEOUT') {
    super(message, code);
  }
}

export class InvalidActorSourceHash extends ActorSystemException {
  constructor(message: string, code = 'INVALID_ACTOR_SOURCE_HASH') {
    super(message, code);
  }
}

export class InvalidActorSpecification extends ActorSystemException {
  constructor(message: string, code = 'INVALID_ACTOR_SPECIFICATION') {
    super(message, code);
  }
}

/** A short description of any value for error messages: never throws, never huge. */
export function describeValue(value: unknown): string {
  try {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 57) + '...' : value);
    if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
    if (typeof value === 'symbol') return value.toString();
    if (typeof value === 'object') {
      const ctor = (value as object).constructor;
      return ctor && ctor !== Object ? `a ${ctor.name} instance` : 'a plain object';
    }
    return `${typeof value} ${String(value)}`;
  } catch {
    return 'an undescribable value';
  }
}
