import { expect } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import type { EdmEntitySet, EdmModel } from '../../../src/model/edm-model.js';
import { findEntitySet } from '../../../src/model/find-in-model.js';
import { parseJsonBody, type JsonBodyValue } from '../../../src/parse/parse-json-body.js';
import type { EntityInput, EntityInputMode } from '../../../src/plan/entity-input.js';
import { validateEntity, type ValidateEntityOptions } from '../../../src/plan/validate-entity.js';
import { sampleModel } from '../../support/sample-catalog.js';

/** The demo catalogue: Categories (computed key), Suppliers (text key), Products (Guid key with default, FKs to both). */
export const demo = sampleModel();

/** A product body with every required property. */
export const product = { sku: 'A-1', name: 'Widget', price: 12.5, category_id: 3 };

export function setOf(model: EdmModel, name: string): EdmEntitySet {
  const set = findEntitySet(model, name);
  if (set === undefined) throw new Error(`no set ${name}`);
  return set;
}

/** The value as the body parser reads it from the JSON text of `value`. */
export function json(value: unknown): JsonBodyValue {
  return parseJsonBody(Buffer.from(JSON.stringify(value), 'utf8'), { maxDepth: 32 });
}

export function validate(setName: string, body: unknown, mode: EntityInputMode = 'create', options?: ValidateEntityOptions, model = demo): EntityInput {
  return validateEntity(json(body), setOf(model, setName), model, mode, options);
}

/** The 400 invalid-body error `run` throws. */
export function failure(run: () => unknown): ODataError {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ODataError)) throw error;
    expect(error.status).toBe(400);
    expect(error.code).toBe(ErrorCodes.invalidBody);
    return error;
  }
  throw new Error('the body was accepted');
}

/** The targets of every problem of the body, in order; checks the codes and that the error's target is the first. */
export function problems(setName: string, body: unknown, mode: EntityInputMode = 'create', options?: ValidateEntityOptions, model = demo): (string | undefined)[] {
  const error = failure(() => validate(setName, body, mode, options, model));
  expect(error.details.every((detail) => detail.code === ErrorCodes.invalidBody)).toBe(true);
  expect(error.target).toBe(error.details[0]?.target);
  return error.details.map((detail) => detail.target);
}

/** Property name → written value (null for a null), in body order. */
export function written(entity: EntityInput): [string, unknown][] {
  return entity.properties.map(({ property, value }) => [property.name, value.kind === 'null' ? null : value.value]);
}
