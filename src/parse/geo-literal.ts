import { ErrorCodes } from '../errors/codes.js';
import type { ParseBudget } from './parse-budget.js';
import { parseError } from './parse-errors.js';

/**
 * Validates the text inside `geography'…'` / `geometry'…'` against the ABNF (`fullPointLiteral`,
 * `fullLineStringLiteral`, … `fullCollectionLiteral`): `SRID=4326;Point(1 2)`. Keywords are
 * case-insensitive; nested `GeometryCollection`s count against the nesting limit.
 */
export function validateGeoLiteral(body: string, bodyPos: number, target: string, budget: ParseBudget): void {
  new GeoValidator(body, bodyPos, target, budget).validate();
}

class GeoValidator {
  #pos = 0;

  constructor(
    private readonly text: string,
    private readonly basePos: number,
    private readonly target: string,
    private readonly budget: ParseBudget,
  ) {}

  validate(): void {
    this.#expectMatch(/SRID=\d{1,5};/iy, "'SRID=n;'");
    this.#geo();
    if (this.#pos !== this.text.length) this.#fail('unexpected text after the geo literal');
  }

  #fail(detail: string): never {
    throw parseError(ErrorCodes.invalidLiteral, this.target, this.basePos + this.#pos, detail);
  }

  #tryMatch(pattern: RegExp): boolean {
    pattern.lastIndex = this.#pos;
    if (!pattern.test(this.text)) return false;
    this.#pos = pattern.lastIndex;
    return true;
  }

  #expectMatch(pattern: RegExp, expected: string): void {
    if (!this.#tryMatch(pattern)) this.#fail(`expected ${expected}`);
  }

  #expect(char: string): void {
    if (this.text[this.#pos] !== char) this.#fail(`expected '${char}'`);
    this.#pos += 1;
  }

  #list(item: () => void, allowEmpty: boolean, minItems = 1): void {
    this.#expect('(');
    if (allowEmpty && this.text[this.#pos] === ')') {
      this.#pos += 1;
      return;
    }
    let count = 0;
    do {
      item();
      count += 1;
    } while (this.#tryMatch(/,/y));
    if (count < minItems) this.#fail(`expected at least ${minItems} positions`);
    this.#expect(')');
  }

  #geo(): void {
    const start = this.#pos;
    if (this.#tryMatch(/GeometryCollection/iy)) {
      this.budget.enter(this.target, this.basePos + start);
      this.#list(() => this.#geo(), false);
      this.budget.leave();
    } else if (this.#tryMatch(/MultiLineString/iy)) this.#list(() => this.#lineStringData(), true);
    else if (this.#tryMatch(/MultiPolygon/iy)) this.#list(() => this.#polygonData(), true);
    else if (this.#tryMatch(/MultiPoint/iy)) this.#list(() => this.#pointData(), true);
    else if (this.#tryMatch(/LineString/iy)) this.#lineStringData();
    else if (this.#tryMatch(/Polygon/iy)) this.#polygonData();
    else if (this.#tryMatch(/Point/iy)) this.#pointData();
    else this.#fail('expected a geo type (Point, LineString, Polygon, Multi…, GeometryCollection)');
  }

  #position(): void {
    const double = /(?:[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|NaN|-?INF)/y;
    this.#expectMatch(double, 'a coordinate');
    this.#expect(' ');
    this.#expectMatch(double, 'a coordinate');
    for (let extra = 0; extra < 2 && this.text[this.#pos] === ' '; extra++) {
      this.#pos += 1;
      this.#expectMatch(double, 'a coordinate');
    }
  }

  #pointData(): void {
    this.#expect('(');
    this.#position();
    this.#expect(')');
  }

  #lineStringData(): void {
    this.#list(() => this.#position(), false, 2);
  }

  #polygonData(): void {
    this.#list(() => this.#list(() => this.#position(), false), false);
  }
}
