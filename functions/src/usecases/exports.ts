/**
 * CSV exports (docs/design.md §11): `exports/{id}` `{dataset, cycle?}` gets its file
 * emailed to the secretariat and `status: "done"` with `rows`, in one
 * transaction with the email, so a repeated event sends nothing more; or
 * `failed` with a Catalan `error`.
 */
import { z } from "zod";
import { ExportRequest, type ExportDataset } from "../domain/exports";
import { renderedInParts } from "../domain/mail";
import { documentProblem } from "../domain/problem";
import { logs } from "../logs";
import { queueMail } from "../store/outbox";
import { requireSettings } from "../store/programme";
import { queries } from "../store/queries";
import { inTransaction, store, type QuerySpec } from "../store/repository";
import { exportEmail } from "../views/exportEmails";
import { assessmentRows, exportCsv } from "../views/exportCsv";

const Any = z.record(z.string(), z.unknown());

function source(dataset: ExportDataset, cycle: string | undefined): QuerySpec {
  switch (dataset) {
    case "applications":
      return cycle ? queries.applicationsOfCycle(cycle) : queries.allApplications();
    case "pairings":
    case "assessments":
      return cycle ? queries.pairingsOfCycle(cycle) : queries.allPairings();
    case "sessions":
      return cycle ? queries.sessionsOfCycle(cycle) : queries.allSessions();
    case "advisory":
      return queries.allGroups();
  }
}

const isDate = (v: unknown): v is Date => v instanceof Date;

export async function runExport(id: string, now: Date): Promise<void> {
  const raw = await inTransaction((tx) => tx.raw("exports", id));
  if (!raw || (raw.status !== undefined && raw.status !== "requested")) return;
  const request = ExportRequest.safeParse(raw);
  if (!request.success) {
    const error = documentProblem(request.error.issues);
    logs.exportFailed(id, error);
    await store.update("exports", id, { status: "failed", error, endedAt: now });
    return;
  }
  const { dataset, cycle } = request.data;
  const settings = await requireSettings();
  let docs: (Record<string, unknown> & { id: string })[] = (await store.query(source(dataset, cycle), Any)).map(
    ({ id, data }) => ({ ...data, id }),
  );
  // Advisory groups have no cycle: a cycle means the year they were created in.
  if (dataset === "advisory" && cycle)
    docs = docs.filter((g) => isDate(g.createdAt) && String(g.createdAt.getFullYear()) === cycle);
  if (dataset === "assessments") docs = assessmentRows(docs);
  docs.sort((a, b) => a.id.localeCompare(b.id));
  const files = renderedInParts(docs, (part) => exportCsv(dataset, part, settings.timezone));
  const emails = files.map((csv, i) =>
    exportEmail(id, request.data, docs.length, csv, settings, { n: i + 1, of: files.length }),
  );
  await inTransaction(async (tx) => {
    const current = await tx.raw("exports", id);
    if (!current || (current.status !== undefined && current.status !== "requested")) return;
    await queueMail(tx, emails, settings, now);
    tx.update("exports", id, { status: "done", rows: docs.length, endedAt: now, error: null });
  });
  logs.exportDone(id, dataset, docs.length);
}
