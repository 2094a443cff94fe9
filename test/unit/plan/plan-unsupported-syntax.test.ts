import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../../src/errors/codes.js';
import { ODataError } from '../../../src/errors/odata-error.js';
import { parseRequest } from '../../../src/parse/parse-request.js';
import { planRead } from '../../../src/plan/plan-read.js';
import type { ReadOptions } from '../../../src/plan/read-options.js';
import { sampleModel } from '../../support/sample-catalog.js';
import { testReadOptions } from '../../support/read-options.js';
import { rejectionOf } from '../../support/odata-rejection.js';

const model = sampleModel();
const options: ReadOptions = { metadata: 'minimal', ieee754Compatible: false, maxPageSizePreference: undefined, defaultPageSize: 100, maxPageSize: 1000, skipTokenSecret: 'test-secret-test-secret-test-secret', tracking: testReadOptions.tracking };

function planError(path: string, query = ''): ODataError {
  return rejectionOf(() => planRead(parseRequest({ path, query }), model, options));
}

/** Syntax the parser accepts but the service cannot serve yet: functions, actions and the newer path and expression forms. */
describe('syntax the planner does not serve yet', () => {
  it.each([
    ['TheBestProduct()', ''],
    ['Products/Model.MostExpensive()', ''],
    ['Products(1)/Model.F(p=@a)', '@a=[1]'],
    ['Products/Model.Special(1)', ''],
    ['F()(1)', ''],
    ["Suppliers('a')/1", ''],
    ['Products(1)/name/$query', ''],
    ['Products/$filter(price gt 1)', ''],
    ['Products/$filter(price gt 1)/$each', ''],
    ['Products/$query', ''],
    ['$crossjoin(Products,Categories)', ''],
    ['$all', '$search=red'],
    ['Products', '$filter=Model.Similar(Word=name)'],
    ['Products', '$filter=category/Model.Best()/name eq 1'],
    ["Products", "$filter=name eq $root/Categories(1)/name"],
    ['Products', '$filter=suppliers/$count($filter=id gt 1) gt 2'],
    ['Products', '$filter=[name,sku] in [["a","b"]]'],
    ['Products', '$orderby={"a":name}'],
    ['Products', '$select=Model.MostPopularName(Location,Kind)'],
    ['Products', '$expand=$value'],
  ])('%s?%s is a 501', (path, query) => {
    const error = planError(path, query);
    expect({ status: error.status, code: error.code }).toEqual({ status: 501, code: ErrorCodes.notImplemented });
  });

  it('rejects $index on a read', () => {
    const error = planError('Products', '$index=1');
    expect({ status: error.status, code: error.code, target: error.target }).toEqual({ status: 400, code: ErrorCodes.invalidQueryOption, target: '$index' });
  });
});
