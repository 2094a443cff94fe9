import { describe, expect, it } from 'vitest';
import {
  demoAdjectives,
  demoCategories,
  demoDescriptionPhrases,
  demoSpecialNames,
  demoSuppliers,
  demoTags,
} from '../../../src/db/demo-data.js';

const unique = (values: readonly unknown[]): boolean => new Set(values).size === values.length;

describe('demo data lists', () => {
  it('number categories 1…n with unique names that fit varchar(80)', () => {
    expect(demoCategories.map((category) => category.id)).toEqual(demoCategories.map((_, index) => index + 1));
    expect(unique(demoCategories.map((category) => category.name))).toBe(true);
    for (const category of demoCategories) {
      expect(category.name.length, category.name).toBeLessThanOrEqual(80);
      expect(category.nouns.length, category.name).toBeGreaterThan(0);
    }
    expect(demoCategories.some((category) => category.description === null)).toBe(true);
  });

  it('give suppliers unique SUP-nnn codes and column-sized values', () => {
    expect(demoSuppliers.map((supplier) => supplier.id)).toEqual(
      demoSuppliers.map((_, index) => `SUP-${String(index + 1).padStart(3, '0')}`),
    );
    for (const supplier of demoSuppliers) {
      expect(supplier.name.length, supplier.id).toBeLessThanOrEqual(120);
      if (supplier.country !== null) expect(supplier.country, supplier.id).toMatch(/^[A-Z]{2}$/);
      if (supplier.email !== null) expect(supplier.email.length, supplier.id).toBeLessThanOrEqual(254);
      if (supplier.rating !== null) expect(Number.isInteger(supplier.rating), supplier.id).toBe(true);
    }
    for (const column of ['country', 'email', 'rating'] as const) {
      expect(demoSuppliers.some((supplier) => supplier[column] === null), column).toBe(true);
      expect(demoSuppliers.some((supplier) => supplier[column] !== null), column).toBe(true);
    }
  });

  it('keep every product name and description within varchar(200)', () => {
    const longestNoun = Math.max(...demoCategories.flatMap((category) => category.nouns.map((noun) => noun.length)));
    const longestAdjective = Math.max(...demoAdjectives.map((adjective) => adjective.length));
    const longestSpecial = Math.max(...demoSpecialNames.map((name) => name.length));
    expect(Math.max(longestAdjective + 1 + longestNoun, longestSpecial)).toBeLessThanOrEqual(200);
    expect(demoDescriptionPhrases.length).toBeGreaterThan(0);
  });

  it('hold enough distinct tags for three different ones with a step of up to 3', () => {
    expect(unique(demoTags)).toBe(true);
    expect(demoTags.length).toBeGreaterThan(6);
  });

  it('include names with quotes, backslashes, wildcards and non-ASCII letters', () => {
    const specials = demoSpecialNames.join('');
    for (const character of ["'", '"', '\\', '%', '_', 'é', 'Å', '日']) expect(specials).toContain(character);
    expect([...specials].some((character) => (character.codePointAt(0) ?? 0) > 0xffff)).toBe(true);
  });
});
