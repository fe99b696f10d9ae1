// pg-boss's SQL plans module (no types of its own). Only what JobQueue composes into callers' statements.
declare module 'pg-boss/src/plans.js' {
  /** The bulk insert `PgBoss.insert` runs: $1 a json array of jobs, $2–$6 the constructor's defaults. */
  export function insertJobs(schema: string): string;
}
