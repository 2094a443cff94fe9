import type { Knex } from 'knex';
import type { EdmModel } from '../../src/model/edm-model.js';
import { parseRequest } from '../../src/parse/parse-request.js';
import { planRead } from '../../src/plan/plan-read.js';
import { compileRead } from '../../src/sql/compile-read.js';
import type { SqlStatement } from '../../src/sql/sql-statement.js';
import { testReadOptions } from './read-options.js';

/** A node of `explain (format json)`. */
export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** The node and every node under it. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** The statement the service compiles for a read of `path?query` on `model`. */
export function compiledRead(model: EdmModel, path: string, query: string): SqlStatement {
  const request = parseRequest({ path, query });
  return compileRead(planRead(request, model, testReadOptions).query);
}

/**
 * Postgres's plan of a statement with its values. A prepared statement keeps the compiled text
 * and its typed parameters; EXPLAIN EXECUTE plans it with the values (as literals, each quoted
 * by Postgres), as the service's first executions are. On the test tables (a thousand rows) the
 * planner may rightly prefer reading the whole table: with sequential scans priced out, for this
 * transaction only, what is left shows whether the condition can be served by an index at all,
 * as it is on a large table.
 */
export async function explainWithoutSeqScan(knex: Knex, statement: SqlStatement): Promise<PlanNode> {
  const plan = await knex.transaction(async (trx) => {
    await trx.raw('set local enable_seqscan = off');
    await trx.raw(`prepare explained_read as ${statement.text}`);
    const literals: string[] = [];
    for (const value of statement.values) {
      const quoted = await trx.raw<{ rows: { literal: string }[] }>('select quote_literal(?::text) as literal', [value as never]);
      literals.push(quoted.rows[0]?.literal ?? 'null');
    }
    const explained = await trx.raw<{ rows: { 'QUERY PLAN': { Plan: PlanNode }[] }[] }>(`explain (format json) execute explained_read(${literals.join(', ')})`);
    await trx.raw('deallocate explained_read');
    return explained.rows[0]?.['QUERY PLAN'][0]?.Plan;
  });
  if (plan === undefined) throw new Error('no plan');
  return plan;
}
