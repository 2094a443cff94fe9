import type { z } from 'zod';
import { ErrorCodes } from '../errors/codes.js';
import { ODataError } from '../errors/odata-error.js';

/** One thing wrong with a request body: where (`price`, `lines/0/quantity`, `category@odata.bind`) and what. */
export interface BodyProblem {
  readonly target: string;
  readonly message: string;
}

/** A problem whose message is a predicate of the target: `'price' must be a decimal number`. */
export function bodyProblem(target: string, predicate: string): BodyProblem {
  return { target, message: `'${target}' ${predicate}` };
}

/** The problems of a zod parse of the value at `target`; issue paths (collection elements) extend the target. */
export function issueProblems(target: string, issues: readonly z.core.$ZodIssue[]): BodyProblem[] {
  return issues.map((issue) => bodyProblem([target, ...issue.path.map(String)].join('/'), issue.message));
}

/**
 * The one 400 for a body with problems: every problem in `details`, the first one's target as the
 * error's target. `subject` names what was read, e.g. `The Product in the request body`.
 */
/** Problems listed in `details` at most: a body of thousands of mistakes does not get an answer larger than itself. */
export const MAX_DETAILS = 100;

export function invalidBodyError(subject: string, problems: readonly BodyProblem[]): ODataError {
  const [first] = problems;
  const summary = problems.length === 1 && first !== undefined ? first.message : `${problems.length} problems`;
  const listed = problems.length > MAX_DETAILS ? `${summary}, the first ${MAX_DETAILS} listed` : summary;
  return new ODataError(400, ErrorCodes.invalidBody, `${subject} is not valid: ${listed}`, {
    ...(first === undefined ? {} : { target: first.target }),
    details: problems.slice(0, MAX_DETAILS).map((problem) => ({ code: ErrorCodes.invalidBody, message: problem.message, target: problem.target })),
  });
}
