import { describe, expect, it } from 'vitest';
import { PreparedStatements } from '../../../src/db/prepared-statements.js';

describe('PreparedStatements', () => {
  it('names a statement text once per connection and reuses the name', () => {
    const statements = new PreparedStatements(10);
    const connection = {};
    const first = statements.nameFor(connection, 'select 1');
    expect(statements.nameFor(connection, 'select 1')).toEqual(first);
    expect(statements.nameFor(connection, 'select 2').name).not.toBe(first.name);
  });

  it('never gives one name to two texts, also across connections', () => {
    const statements = new PreparedStatements(10);
    const a = statements.nameFor({}, 'select 1').name;
    const b = statements.nameFor({}, 'select 1').name;
    const c = statements.nameFor({}, 'select 2').name;
    expect(new Set([a, b, c]).size).toBe(3);
    for (const name of [a, b, c]) expect(name).toMatch(/^odata_facade_[0-9a-z]+$/);
  });

  it('deallocates the least recently used name beyond the limit', () => {
    const statements = new PreparedStatements(2);
    const connection = {};
    const one = statements.nameFor(connection, 'one').name;
    const two = statements.nameFor(connection, 'two').name;
    expect(statements.nameFor(connection, 'one')).toEqual({ name: one, evicted: undefined });
    const three = statements.nameFor(connection, 'three');
    expect(three.evicted).toBe(two);
    expect(statements.nameFor(connection, 'one')).toEqual({ name: one, evicted: undefined });
    const again = statements.nameFor(connection, 'two');
    expect(again.name).not.toBe(two);
    expect(again.evicted).toBe(three.name);
  });
});
