import { describe, expect, it } from 'vitest';
import { ByCheck, ByDecorators, Combined, Simple } from '../fixtures/conformance/capabilities.js';

const LIT = { 'Has Lightbulb': 5, Lit: true, Color: 'Yellow' };

describe('5.12.1 requireCapability decorator', () => {
  it('5.12.1 the three forms of the spec agree', () => {
    for (const cls of [ByCheck, Combined, ByDecorators]) {
      expect(cls.actorSystemCapabilityCheck(LIT), cls.name).toBe(true);
      expect(cls.actorSystemCapabilityCheck({ ...LIT, Color: 'Blue' }), cls.name).toBe(false);
      expect(cls.actorSystemCapabilityCheck({ ...LIT, Lit: false }), cls.name).toBe(false);
      expect(cls.actorSystemCapabilityCheck({ Lit: true, Color: 'Yellow' }), cls.name).toBe(false);
    }
  });

  it('5.12.1 with no value the capability must be truthy (release 3.8.0): 5 is true, 0 is false', () => {
    expect(Simple.actorSystemCapabilityCheck({ 'Has Lightbulb': 5 })).toBe(true);
    expect(Simple.actorSystemCapabilityCheck({ 'Has Lightbulb': 0 })).toBe(false);
    expect(Simple.actorSystemCapabilityCheck({})).toBe(false);
  });
});
