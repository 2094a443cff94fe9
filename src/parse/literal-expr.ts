import type { LiteralExpr, LiteralType } from './syntax.js';

/** Factory for literal nodes (no `enumType` key unless the literal is an enum). */
export function literalExpr(type: LiteralType, value: string, pos: number, enumType?: string): LiteralExpr {
  return enumType === undefined ? { kind: 'literal', type, value, pos } : { kind: 'literal', type, value, enumType, pos };
}
