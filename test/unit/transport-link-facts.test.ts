import { describe, expect, it } from 'vitest';
import { ActorAddress } from '../../framework/actor/address.js';
import { framePieces, prepareEnvelope } from '../../framework/transport/envelope.js';
import { FRAME_HEADER_BYTES } from '../../framework/transport/framing.js';
import { deliverFrame } from '../../framework/transport/inbound.js';
import type { ReceivedEnvelope } from '../../framework/transport/envelope.js';

function body(): Uint8Array {
  const [prefix, payload] = framePieces(prepareEnvelope({ targetKey: 'admin', sender: new ActorAddress('127.0.0.1:9~k1', 'A'), message: 'x', kind: 1 }));
  return Buffer.concat([prefix, payload]).subarray(FRAME_HEADER_BYTES);
}

describe('issue 13.7 what a link knows of a frame stays with that frame', () => {
  it('issue 13.7 a frame from another system (foreign) does not make the next frame with the same head foreign', () => {
    // readEnvelopeBody reuses the last decoded head for equal head bytes; marking it would make
    // an own-system control request look foreign (and refused) after one from another system.
    const got: ReceivedEnvelope[] = [];
    const handlers = { onEnvelope: (e: ReceivedEnvelope) => void got.push(e) };
    deliverFrame(body(), handlers, () => {}, 'other system', undefined, { foreign: true, returnedOn: 'ws://x/y' });
    deliverFrame(body(), handlers, () => {}, 'own process');
    expect(got[0]?.foreign).toBe(true);
    expect(got[0]?.returnedOn).toBe('ws://x/y');
    expect(got[1]?.foreign).toBeUndefined();
    expect(got[1]?.returnedOn).toBeUndefined();
  });
});
