/**
 * Mentor–mentee matching (DESIGN §5, contract). Hard rules: mentor capacity,
 * never the same municipality, at least one shared topic and one shared
 * meeting mode. Objective: as many mentees matched as possible, then the
 * highest total compatibility. Solved exactly as a minimum-cost maximum flow;
 * every pair and every unmatched mentee is explained in Catalan.
 */
import type { StoredApplication } from "./application";
import { ofPlace } from "./catalan";
import { FlowNetwork } from "./flow";

/** A mentee as matching sees it: its application's id and fields. */
export type MenteeCandidate = Pick<StoredApplication, "person" | "municipality" | "topics" | "modes"> & { id: string };
/** A mentor, with how many pairings it already holds (pending or accepted). */
export type MentorCandidate = MenteeCandidate & { capacity: number; load: number; heldMentees?: string[] };

export interface MatchingInput {
  mentees: readonly MenteeCandidate[];
  mentors: readonly MentorCandidate[];
  /** Pairs never to propose again ("menteeId|mentorId"): declined or expired. */
  excluded?: ReadonlySet<string>;
  /** Topic id → Catalan label, for the reasons. */
  topicLabels?: Readonly<Record<string, string>>;
}

export const scoreWeights = { sharedTopic: 10, sharedMode: 1, sameComarca: 4, sameProvince: 2 } as const;

export interface Compatibility {
  score: number;
  scoreBreakdown: { topics: number; modes: number; closeness: number };
  reasons: string[];
}

export interface MatchedPair extends Compatibility {
  menteeId: string;
  mentorId: string;
}

export interface MatchingResult {
  pairs: MatchedPair[];
  unmatched: { menteeId: string; reason: string }[];
  totalScore: number;
}

const pairKey = (menteeId: string, mentorId: string) => `${menteeId}|${mentorId}`;
export { pairKey as excludedPairKey };

const modeNames: Record<string, string> = { presencial: "presencial", virtual: "virtual" };

function joinCatalan(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} i ${items.at(-1)}`;
}

/** Null when a hard rule forbids the pair; otherwise its score and reasons. */
export function compatibility(
  mentee: MenteeCandidate,
  mentor: MenteeCandidate,
  topicLabels: Readonly<Record<string, string>> = {},
): Compatibility | null {
  if (mentee.municipality.id === mentor.municipality.id) return null;
  const topics = mentee.topics.filter((topic) => mentor.topics.includes(topic));
  const modes = mentee.modes.filter((mode) => mentor.modes.includes(mode));
  if (topics.length === 0 || modes.length === 0) return null;
  const sameComarca =
    Boolean(mentee.municipality.comarca) && mentee.municipality.comarca === mentor.municipality.comarca;
  const sameProvince =
    !sameComarca &&
    Boolean(mentee.municipality.province) &&
    mentee.municipality.province === mentor.municipality.province;
  const scoreBreakdown = {
    topics: topics.length * scoreWeights.sharedTopic,
    modes: modes.length * scoreWeights.sharedMode,
    closeness: sameComarca ? scoreWeights.sameComarca : sameProvince ? scoreWeights.sameProvince : 0,
  };
  const labels = topics.map((topic) => topicLabels[topic] ?? topic);
  const reasons = [
    `Comparteixen ${topics.length === 1 ? "un tema" : `${topics.length} temes`}: ${joinCatalan(labels)} (+${scoreBreakdown.topics}).`,
    `Es poden trobar en modalitat ${joinCatalan(modes.map((mode) => modeNames[mode] ?? mode))} (+${scoreBreakdown.modes}).`,
  ];
  if (sameComarca)
    reasons.push(
      `Tots dos municipis són de la comarca ${ofPlace(mentee.municipality.comarca!)} (+${scoreBreakdown.closeness}).`,
    );
  if (sameProvince)
    reasons.push(
      `Tots dos municipis són de la província ${ofPlace(mentee.municipality.province!)} (+${scoreBreakdown.closeness}).`,
    );
  return { score: scoreBreakdown.topics + scoreBreakdown.modes + scoreBreakdown.closeness, scoreBreakdown, reasons };
}

/** Largest possible score of one pair, used to turn scores into non-negative costs. */
function maxScore(input: MatchingInput): number {
  const most = (lists: readonly { topics: string[]; modes: string[] }[], field: "topics" | "modes") =>
    Math.max(0, ...lists.map((item) => item[field].length));
  return (
    most(input.mentees, "topics") * scoreWeights.sharedTopic +
    most(input.mentees, "modes") * scoreWeights.sharedMode +
    scoreWeights.sameComarca
  );
}

const byId = <T extends { id: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The exact optimum. Deterministic: inputs are taken in id order, so equal
 * optima are always broken the same way.
 */
export function solveMatching(input: MatchingInput): MatchingResult {
  const mentees = byId(input.mentees);
  const mentors = byId(input.mentors);
  const ceiling = maxScore(input);
  const source = 0;
  const sink = mentees.length + mentors.length + 1;
  const network = new FlowNetwork(sink + 1, mentees.length * 8 + mentors.length);
  const candidateEdges: { edge: number; mentee: number; mentor: number; fit: Compatibility }[] = [];

  mentees.forEach((_, i) => network.addEdge(source, 1 + i, 1, 0));
  mentors.forEach((mentor, j) => {
    const free = mentor.capacity - mentor.load;
    if (free > 0) network.addEdge(1 + mentees.length + j, sink, free, 0);
  });
  mentees.forEach((mentee, i) =>
    mentors.forEach((mentor, j) => {
      if (input.excluded?.has(pairKey(mentee.id, mentor.id))) return;
      const fit = compatibility(mentee, mentor, input.topicLabels);
      if (!fit) return;
      // Cost = ceiling − score ≥ 0: with the flow size fixed, least cost is most score.
      const edge = network.addEdge(1 + i, 1 + mentees.length + j, 1, ceiling - fit.score);
      candidateEdges.push({ edge, mentee: i, mentor: j, fit });
    }),
  );
  network.minCostMaxFlow(source, sink);

  const pairs: MatchedPair[] = candidateEdges
    .filter(({ edge }) => network.flowOn(edge) > 0)
    .map(({ mentee, mentor, fit }) => ({ menteeId: mentees[mentee]!.id, mentorId: mentors[mentor]!.id, ...fit }));
  return withExplanations(input, mentees, mentors, pairs);
}

/** The obvious heuristic (best-scoring pairs first), kept as the benchmark's baseline. */
export function greedyMatching(input: MatchingInput): MatchingResult {
  const mentees = byId(input.mentees);
  const mentors = byId(input.mentors);
  const options: MatchedPair[] = [];
  for (const mentee of mentees) {
    for (const mentor of mentors) {
      if (input.excluded?.has(pairKey(mentee.id, mentor.id))) continue;
      const fit = compatibility(mentee, mentor, input.topicLabels);
      if (fit) options.push({ menteeId: mentee.id, mentorId: mentor.id, ...fit });
    }
  }
  options.sort((a, b) => b.score - a.score);
  const free = new Map(mentors.map((mentor) => [mentor.id, mentor.capacity - mentor.load]));
  const taken = new Set<string>();
  const pairs = options.filter((option) => {
    if (taken.has(option.menteeId) || (free.get(option.mentorId) ?? 0) <= 0) return false;
    taken.add(option.menteeId);
    free.set(option.mentorId, free.get(option.mentorId)! - 1);
    return true;
  });
  return withExplanations(input, mentees, mentors, pairs);
}

function withExplanations(
  input: MatchingInput,
  mentees: readonly MenteeCandidate[],
  mentors: readonly MentorCandidate[],
  pairs: MatchedPair[],
): MatchingResult {
  const matched = new Set(pairs.map((pair) => pair.menteeId));
  const unmatched = mentees
    .filter((mentee) => !matched.has(mentee.id))
    .map((mentee) => ({ menteeId: mentee.id, reason: unmatchedReason(mentee, mentors, pairs, input) }));
  return { pairs, unmatched, totalScore: pairs.reduce((sum, pair) => sum + pair.score, 0) };
}

const who = (candidate: MenteeCandidate) => `${candidate.person.name} (${candidate.municipality.name})`;

/** Why a mentee was left without a mentor, naming who took the capacity. */
export function unmatchedReason(
  mentee: MenteeCandidate,
  mentors: readonly MentorCandidate[],
  pairs: readonly MatchedPair[],
  input: MatchingInput,
): string {
  const labels = (ids: readonly string[]) => joinCatalan(ids.map((id) => input.topicLabels?.[id] ?? id));
  const sharingTopic = mentors.filter((mentor) => mentor.topics.some((topic) => mentee.topics.includes(topic)));
  if (sharingTopic.length === 0)
    return `Cap persona mentora no treballa cap dels seus temes (${labels(mentee.topics)}).`;
  const elsewhere = sharingTopic.filter((mentor) => mentor.municipality.id !== mentee.municipality.id);
  if (elsewhere.length === 0) return "Les úniques persones mentores amb temes en comú són del seu mateix municipi.";
  const sharingMode = elsewhere.filter((mentor) => mentor.modes.some((mode) => mentee.modes.includes(mode)));
  if (sharingMode.length === 0) {
    return `Les persones mentores amb temes en comú no es poden trobar en modalitat ${joinCatalan(mentee.modes.map((m) => modeNames[m] ?? m))}.`;
  }
  const allowed = sharingMode.filter((mentor) => !input.excluded?.has(pairKey(mentee.id, mentor.id)));
  if (allowed.length === 0)
    return "Les persones mentores compatibles ja han declinat o deixat caducar una proposta per a aquesta persona.";
  const menteesById = new Map(input.mentees.map((m) => [m.id, m]));
  const taken = allowed.map((mentor) => {
    const now = pairs.filter((pair) => pair.mentorId === mentor.id).map((pair) => menteesById.get(pair.menteeId));
    const parts = [
      ...(now.length > 0 ? [`acompanyarà ${joinCatalan(now.map((m) => (m ? who(m) : "")))}`] : []),
      ...(mentor.load > 0
        ? [`ja té ${mentor.load === 1 ? "una mentoria" : `${mentor.load} mentories`} en curs o pendents`]
        : []),
    ];
    return `${who(mentor)} ${joinCatalan(parts)}`;
  });
  return `${allowed.length === 1 ? "L'única persona mentora compatible té" : `Les ${allowed.length} persones mentores compatibles tenen`} la capacitat plena: ${taken.join("; ")}.`;
}

/** A sentence for the run's summary: what was achieved and why it is the best possible. */
export function cohortExplanation(result: MatchingResult, menteeCount: number): string {
  if (menteeCount === 0) return "No hi havia cap sol·licitud per rebre mentoria pendent d'aparellar.";
  const matched = result.pairs.length;
  const pairs = matched === 1 ? "una parella" : `${matched} parelles`;
  const people = menteeCount === 1 ? "una persona que vol" : `${menteeCount} persones que volen`;
  return `S'han proposat ${pairs} per a ${people} rebre mentoria. És el màxim possible amb les regles del programa (capacitat de cada persona mentora, municipis diferents, almenys un tema i una modalitat en comú) i, entre totes les combinacions amb ${pairs}, aquesta té la puntuació total més alta (${result.totalScore}).`;
}
