import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SURROGATE_NAMESPACE, surrogateGuid, surrogateName, uuidV5 } from '../../../src/model/uuid-v5.js';

describe('UUIDv5 surrogate keys', () => {
  it("gives RFC 9562's name-based UUIDs", () => {
    // RFC 9562 appendix A.4: the DNS namespace and www.example.com.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('keeps the namespace and a known key fixed, so Guids survive restarts and databases', () => {
    expect(SURROGATE_NAMESPACE).toBe('555da4cf-abce-58af-922f-08b091cbb354');
    expect(surrogateGuid('public', 'suppliers', ['SUP-001'])).toBe(uuidV5(SURROGATE_NAMESPACE, 'public.suppliers:7:SUP-001'));
  });

  it('names keys unambiguously: values holding the separators, and code points counted as Postgres does', () => {
    expect(surrogateName('s', 't', ['a,1:b'])).not.toBe(surrogateName('s', 't', ['a', 'b']));
    expect(surrogateName('s', 't', ['😀'])).toBe('s.t:1:😀');
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 3 }), fc.array(fc.string(), { minLength: 1, maxLength: 3 }), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(surrogateGuid('s', 't', a)).not.toBe(surrogateGuid('s', 't', b));
      }),
    );
  });

  it('writes the version digit 5 and the RFC variant', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        expect(surrogateGuid('public', 'suppliers', [key])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });
});
