/**
 * CSV exports the secretariat asks for with a document (docs/design.md §11):
 * `exports/{id}` with `{dataset, cycle?}`. What a request may say, checked here.
 */
import { z } from "zod";

export const exportDatasets = ["applications", "pairings", "sessions", "advisory", "assessments"] as const;
export type ExportDataset = (typeof exportDatasets)[number];

export const ExportRequest = z.object({
  dataset: z.enum(exportDatasets, {
    error: `dataset ha de ser un d'aquests: ${exportDatasets.join(", ")}.`,
  }),
  cycle: z
    .string()
    .regex(/^\d{4}$/, { error: 'cycle ha de ser un any, com ara "2026".' })
    .optional(),
});
export type ExportRequest = z.infer<typeof ExportRequest>;
