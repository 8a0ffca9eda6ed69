/**
 * Every 10 minutes: what a trigger should have handled and did not — a
 * proposal never sent, an advisory request never grouped, a matching run
 * never started or left running (docs/design.md §14).
 */
export { sweepStuckWork } from "../usecases/sweep";
