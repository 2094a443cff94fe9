import type { TargetSummary } from './compare-targets.js';
import type { Probe } from './probe-request.js';
import type { Scenario } from './server-scenarios.js';

/** One scenario at one concurrency; `service` is undefined when the service does not serve it (501). */
export interface ConcurrencyRun {
  readonly connections: number;
  readonly service: TargetSummary | undefined;
  /** One per floor variant of the scenario, in its order. */
  readonly floors: readonly TargetSummary[];
}

export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly serviceProbe: Probe;
  readonly floorProbes: readonly Probe[];
  readonly runs: readonly ConcurrencyRun[];
}

/** Everything the report says besides the scenarios. */
export interface RunContext {
  readonly date: Date;
  readonly machine: string;
  readonly database: string;
  readonly products: number;
  readonly poolMax: number;
  readonly rounds: number;
  readonly roundSeconds: number;
  readonly warmupSeconds: number;
  readonly postgresMeasured: boolean;
  /** The node flags the service ran with (those of `npm start`). */
  readonly serviceNodeFlags: readonly string[];
  /** VmHWM at the end of the run: the highest resident set each process ever had. */
  readonly serviceHwmKb: number;
  readonly floorHwmKb: number;
  readonly seconds: number;
}

export function isServed(probe: Probe): boolean {
  return probe.status !== 501;
}
