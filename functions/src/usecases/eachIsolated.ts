/** Runs work over many documents one at a time, so one that fails stops none of the others. */
import { logs } from "../logs";

/**
 * Runs `work` on each id, one at a time; one that fails is logged and
 * counted, and the next goes on (docs/design.md §14: one bad document stops nothing).
 */
export async function eachIsolated(
  kind: string,
  ids: readonly string[],
  work: (id: string) => Promise<void>,
  /** What the failed document gets, for the secretariat to see (its `problem`); a failure here is only logged. */
  mark?: (id: string) => Promise<void>,
): Promise<number> {
  let failures = 0;
  for (const id of ids) {
    try {
      await work(id);
    } catch (error) {
      failures++;
      logs.sweepItemFailed(kind, id, error);
      await mark?.(id).catch((markError: unknown) => logs.sweepItemFailed(kind, id, markError));
    }
  }
  return failures;
}
