/**
 * The network's library (docs/design.md §12): fitxes of finished mentorships and the
 * questions and answers of advisory sessions. Only `published` ones are
 * public; what a page shows is decided here, from the document alone.
 */
import { z } from "zod";

/** A published material is the network's: nobody's later submission replaces it. */
export const isPublished = (status: unknown) => status === "published";

const text = z.string().default("");
const Common = {
  status: z.string(),
  municipalities: z.array(z.string()).default([]),
  /** Topic ids, for the `?tema=` filter; labels below are what people read. */
  topicIds: z.array(z.string()).default([]),
  submittedAt: z.date(),
  /** Set by the secretariat when it publishes; the submission date stands in until then. */
  publishedAt: z.date().optional(),
};

export const fitxaSections = [
  ["objectives", "Objectius"],
  ["activities", "Activitats"],
  ["results", "Resultats"],
  ["learnings", "Aprenentatges"],
  ["links", "Enllaços a materials"],
] as const;

export const MentorshipMaterial = z.object({
  ...Common,
  kind: z.literal("mentorship"),
  cycle: z.string().default(""),
  topics: z.array(z.string()).default([]),
  objectives: text,
  activities: text,
  results: text,
  learnings: text,
  links: text,
  /** Names shown as authors: only those who said they may be named (empty otherwise). */
  authors: z.array(z.string()).default([]),
});

export const AdvisoryMaterial = z.object({
  ...Common,
  kind: z.literal("advisory"),
  topic: z.string().default(""),
  questionsAndAnswers: z.array(z.object({ question: text, answer: text })).default([]),
});

export const Material = z.discriminatedUnion("kind", [MentorshipMaterial, AdvisoryMaterial]);
export type Material = z.infer<typeof Material>;
export type ListedMaterial = Material & { id: string };

export const materialKindLabels = { mentorship: "Mentoria", advisory: "Assessorament" } as const;

export const materialDate = (material: Material) => material.publishedAt ?? material.submittedAt;

export const materialTopicLabels = (material: Material) =>
  material.kind === "mentorship" ? material.topics : material.topic ? [material.topic] : [];

export function materialTitle(material: Material): string {
  if (material.kind === "advisory") return `Preguntes i respostes: ${material.topic || "assessorament"}`;
  const where = material.municipalities.join(" i ");
  return `Fitxa de mentoria${where ? `: ${where}` : ""}${material.cycle ? ` (${material.cycle})` : ""}`;
}

/** On a topic, by id or (for materials typed in the console without ids) by its label. */
export function isOnTopic(material: Material, topic: { id: string; label: string }): boolean {
  return material.topicIds.includes(topic.id) || materialTopicLabels(material).includes(topic.label);
}

/** The public library: published only, newest first, optionally on one topic. */
export function libraryOf(
  materials: readonly ListedMaterial[],
  topic: { id: string; label: string } | null,
): ListedMaterial[] {
  return materials
    .filter((m) => isPublished(m.status) && (!topic || isOnTopic(m, topic)))
    .sort((a, b) => materialDate(b).getTime() - materialDate(a).getTime() || a.id.localeCompare(b.id));
}
