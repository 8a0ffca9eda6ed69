/**
 * `reports/cycle-{year}` kept current cheaply (docs/design.md §11): a write that
 * changes a figure only marks its cycle's report `dirty` (one small write);
 * the work sweep recomputes the dirty ones from their cycle's documents, in a
 * transaction that also reads the report, so a mark made meanwhile is never lost.
 */
import { z } from "zod";
import { AdvisoryGroup } from "../domain/advisory";
import { Cycle } from "../domain/programme";
import { cycleAt, cycleFigures, cycleReportId, cycleSpan, ReportApplication, ReportPairing } from "../domain/reports";
import { queries } from "../store/queries";
import { inTransaction, store } from "../store/repository";

const CycleStart = Cycle.pick({ id: true, applicationsOpenAt: true });
const Dirty = z.object({ dirty: z.boolean().optional() });
/** Advisory requests in a span: the whole year's, a few hundred at most. */
const advisoryLimit = 5000;

/**
 * Cycles as documents name them: a value typed wrongly in the console marks
 * nothing. A report already dirty is left alone (one write per sweep, not per
 * event): the recomputation that will clear it commits after this event's
 * write (transactions are serialisable), so it sees that write.
 */
export async function markReportsDirty(cycles: readonly unknown[], now: Date): Promise<void> {
  for (const cycle of new Set(cycles)) {
    if (typeof cycle !== "string" || !/^\d{4}$/.test(cycle)) continue;
    if ((await store.read("reports", cycleReportId(cycle), Dirty))?.dirty === true) continue;
    await store.set("reports", cycleReportId(cycle), { cycle, dirty: true, dirtyAt: now }, { merge: true });
  }
}

/** The cycle an advisory request or group counts in, by its creation date. */
export async function cycleOfDate(date: Date | undefined): Promise<string | null> {
  if (!date) return null;
  return cycleAt(
    (await store.query(queries.allCycles(), CycleStart)).map((c) => c.data),
    date,
  );
}

export async function refreshCycleReport(cycle: string, now: Date): Promise<void> {
  await inTransaction(async (tx) => {
    await tx.read("reports", cycleReportId(cycle), Dirty);
    const cycles = (await tx.query(queries.allCycles(), CycleStart)).map((c) => c.data);
    const span = cycleSpan(cycles, cycle);
    const mentoring = await tx.query(queries.applicationsOfCycle(cycle), ReportApplication);
    const advisory = span
      ? (
          await tx.query(
            queries.applicationsCreatedBetween(new Date(span.from.getTime() - 1), span.until ?? now, advisoryLimit),
            ReportApplication,
          )
        ).filter((doc) => doc.data.kind === "advisory")
      : [];
    const pairings = await tx.query(queries.pairingsOfCycle(cycle), ReportPairing);
    const groups = span ? await tx.query(queries.groupsCreatedBetween(span.from, span.until), AdvisoryGroup) : [];
    const figures = cycleFigures(cycle, {
      applications: [...mentoring, ...advisory].map((doc) => doc.data),
      pairings: pairings.map((doc) => doc.data),
      groups: groups.map((doc) => doc.data),
    });
    tx.set("reports", cycleReportId(cycle), { ...figures, dirty: false, updatedAt: now });
  });
}

/** The sweep's part: every report marked since it last ran. */
export async function dirtyReportCycles(limit: number): Promise<string[]> {
  const dirty = await store.query(queries.dirtyReports(limit), z.object({ cycle: z.string() }));
  return dirty.map((doc) => doc.data.cycle);
}
