/**
 * Mentor–mentee matching (docs/design.md §5, contract). Hard rules: mentor capacity,
 * never the same municipality, at least one shared topic and one shared
 * meeting mode. Objective: as many mentees matched as possible, then the
 * highest total compatibility. Solved exactly as a minimum-cost maximum flow;
 * every pair and every unmatched mentee is explained in Catalan.
 */
import type { StoredApplication } from "./application";
import { ofPlace } from "./catalan";
import { keywordsWithWords, overlap } from "./catalanText";
import { FlowNetwork } from "./flow";
import { defaultMatchingWeights, type MatchingWeights } from "./programme";
import { inWeekOrder, slotsPhrase } from "./slots";

/** A mentee as matching sees it: its application's id and fields. */
export type MenteeCandidate = Pick<
  StoredApplication,
  "person" | "municipality" | "topics" | "modes" | "description" | "slots"
> & { id: string };
/** A mentor, with how many pairings it already holds (pending or accepted). */
export type MentorCandidate = MenteeCandidate & { capacity: number; load: number };

export interface MatchingInput {
  mentees: readonly MenteeCandidate[];
  mentors: readonly MentorCandidate[];
  /** Pairs never to propose again ("menteeId|mentorId"): declined or expired. */
  excluded?: ReadonlySet<string>;
  /** Topic id → Catalan label, for the reasons. */
  topicLabels?: Readonly<Record<string, string>>;
  /** `settings/programme.matchingWeights`; the documented defaults when absent. */
  weights?: MatchingWeights;
}

/** The factors of a pair's score (docs/design.md §5), in the order the reasons give them. */
export const scoreFactors = ["topics", "modes", "slots", "text", "closeness"] as const;
export type ScoreFactor = (typeof scoreFactors)[number];
export type ScoreBreakdown = Record<ScoreFactor, number>;

export interface Compatibility {
  score: number;
  scoreBreakdown: ScoreBreakdown;
  reasons: string[];
}

export interface MatchedPair extends Compatibility {
  menteeId: string;
  mentorId: string;
}

/** A mentee for whom another mentor was almost as good: which factors made the difference. */
export interface CloseCall {
  menteeId: string;
  mentorId: string;
  alternativeId: string;
  /** The factors where the chosen mentor scored higher; empty when the two were equal (id order decided). */
  decidedBy: ScoreFactor[];
}

export interface MatchingResult {
  pairs: MatchedPair[];
  unmatched: { menteeId: string; reason: string }[];
  totalScore: number;
  closeCalls: CloseCall[];
}

const pairKey = (menteeId: string, mentorId: string) => `${menteeId}|${mentorId}`;
export { pairKey as excludedPairKey };

const modeNames: Record<string, string> = { presencial: "presencial", virtual: "virtual" };

function joinCatalan(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} i ${items.at(-1)}`;
}

/** What matching compares of one application, worked out once per run rather than once per pair. */
interface Profile {
  candidate: MenteeCandidate;
  /** Stem → the word as the person wrote it. */
  words: Map<string, string>;
  stems: Set<string>;
  slots: Set<string> | null;
}

function profileOf(candidate: MenteeCandidate): Profile {
  const words = keywordsWithWords(candidate.description ?? "");
  return {
    candidate,
    words,
    stems: new Set(words.keys()),
    slots: candidate.slots?.length ? new Set(candidate.slots) : null,
  };
}

/** Null when a hard rule forbids the pair; otherwise the points of each factor. */
function scorePair(mentee: Profile, mentor: Profile, weights: MatchingWeights): ScoreBreakdown | null {
  const e = mentee.candidate;
  const r = mentor.candidate;
  if (e.municipality.id === r.municipality.id) return null;
  let topics = 0;
  for (const topic of e.topics) if (r.topics.includes(topic)) topics++;
  let modes = 0;
  for (const mode of e.modes) if (r.modes.includes(mode)) modes++;
  if (topics === 0 || modes === 0) return null;
  let slots = 0;
  if (mentee.slots && mentor.slots) for (const slot of mentee.slots) if (mentor.slots.has(slot)) slots++;
  return {
    topics: topics * weights.sharedTopic,
    modes: modes * weights.sharedMode,
    slots: Math.min(slots, weights.slotsCounted) * weights.sharedSlot,
    text: Math.round(overlap(mentee.stems, mentor.stems).score * weights.textSimilarity),
    closeness: closeness(e, r, weights),
  };
}

/** The closest place both municipalities share, if the secretariat recorded it. */
function sharedPlace(mentee: MenteeCandidate, mentor: MenteeCandidate): "comarca" | "province" | null {
  const same = (field: "comarca" | "province") =>
    Boolean(mentee.municipality[field]) && mentee.municipality[field] === mentor.municipality[field];
  return same("comarca") ? "comarca" : same("province") ? "province" : null;
}

function closeness(mentee: MenteeCandidate, mentor: MenteeCandidate, weights: MatchingWeights): number {
  const place = sharedPlace(mentee, mentor);
  return place === "comarca" ? weights.sameComarca : place === "province" ? weights.sameProvince : 0;
}

const total = (breakdown: ScoreBreakdown) => scoreFactors.reduce((sum, factor) => sum + breakdown[factor], 0);

/** One Catalan sentence per factor that counted, each with its points. */
function reasonsFor(
  mentee: Profile,
  mentor: Profile,
  breakdown: ScoreBreakdown,
  topicLabels: Readonly<Record<string, string>>,
): string[] {
  const e = mentee.candidate;
  const r = mentor.candidate;
  const topics = e.topics.filter((topic) => r.topics.includes(topic));
  const modes = e.modes.filter((mode) => r.modes.includes(mode));
  const labels = topics.map((topic) => topicLabels[topic] ?? topic);
  const reasons = [
    `Comparteixen ${topics.length === 1 ? "un tema" : `${topics.length} temes`}: ${joinCatalan(labels)} (+${breakdown.topics}).`,
    `Es poden trobar en modalitat ${joinCatalan(modes.map((mode) => modeNames[mode] ?? mode))} (+${breakdown.modes}).`,
  ];
  if (mentee.slots && mentor.slots) {
    const shared = inWeekOrder([...mentee.slots].filter((slot) => mentor.slots!.has(slot)));
    reasons.push(
      shared.length > 0
        ? `Tots dos es poden trobar ${slotsPhrase(shared)} (+${breakdown.slots}).`
        : "No tenen cap franja de disponibilitat en comú: caldrà que ho parlin (+0).",
    );
  }
  if (breakdown.text > 0) {
    // The words as the mentee wrote them, in the order they wrote them.
    const shared = [...mentee.words].filter(([stem]) => mentor.stems.has(stem)).map(([, word]) => word);
    const named = shared.slice(0, 6).map((word) => `«${word}»`);
    if (shared.length > named.length) named.push("altres");
    reasons.push(
      `L'experiència de la persona mentora parla del que demana la persona mentorada: ${joinCatalan(named)} (+${breakdown.text}).`,
    );
  }
  const place = sharedPlace(e, r);
  if (breakdown.closeness > 0 && place) {
    const where = place === "comarca" ? "la comarca" : "la província";
    reasons.push(`Tots dos municipis són de ${where} ${ofPlace(e.municipality[place]!)} (+${breakdown.closeness}).`);
  }
  return reasons;
}

/** Null when a hard rule forbids the pair; otherwise its score, the points of each factor, and why. */
export function compatibility(
  mentee: MenteeCandidate,
  mentor: MenteeCandidate,
  context: { topicLabels?: Readonly<Record<string, string>>; weights?: MatchingWeights } = {},
): Compatibility | null {
  const weights = context.weights ?? defaultMatchingWeights;
  const [e, r] = [profileOf(mentee), profileOf(mentor)];
  const scoreBreakdown = scorePair(e, r, weights);
  if (!scoreBreakdown) return null;
  return {
    score: total(scoreBreakdown),
    scoreBreakdown,
    reasons: reasonsFor(e, r, scoreBreakdown, context.topicLabels ?? {}),
  };
}

/** Largest possible score of one pair, used to turn scores into non-negative costs. */
function maxScore(mentees: readonly MenteeCandidate[], weights: MatchingWeights): number {
  const most = (count: (mentee: MenteeCandidate) => number) => Math.max(0, ...mentees.map(count));
  return (
    most((m) => m.topics.length) * weights.sharedTopic +
    most((m) => m.modes.length) * weights.sharedMode +
    Math.min(
      most((m) => m.slots?.length ?? 0),
      weights.slotsCounted,
    ) *
      weights.sharedSlot +
    weights.textSimilarity +
    Math.max(weights.sameComarca, weights.sameProvince)
  );
}

const byId = <T extends { id: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

interface Option {
  mentee: number;
  mentor: number;
  breakdown: ScoreBreakdown;
  score: number;
}

/**
 * Everything both solvers start from: the cohort in id order (so equal optima
 * are always broken the same way), each application's profile, and every pair
 * the hard rules allow with its points.
 */
function prepare(input: MatchingInput) {
  const weights = input.weights ?? defaultMatchingWeights;
  const mentees = byId(input.mentees);
  const mentors = byId(input.mentors);
  const menteeProfiles = mentees.map(profileOf);
  const mentorProfiles = mentors.map(profileOf);
  const options: Option[] = [];
  menteeProfiles.forEach((mentee, i) =>
    mentorProfiles.forEach((mentor, j) => {
      if (input.excluded?.has(pairKey(mentees[i]!.id, mentors[j]!.id))) return;
      const breakdown = scorePair(mentee, mentor, weights);
      if (breakdown) options.push({ mentee: i, mentor: j, breakdown, score: total(breakdown) });
    }),
  );
  return { weights, mentees, mentors, menteeProfiles, mentorProfiles, options };
}
type Prepared = ReturnType<typeof prepare>;

/** The exact optimum, as a minimum-cost maximum flow. Deterministic. */
export function solveMatching(input: MatchingInput): MatchingResult {
  const prepared = prepare(input);
  const { mentees, mentors, options } = prepared;
  const ceiling = maxScore(mentees, prepared.weights);
  const source = 0;
  const sink = mentees.length + mentors.length + 1;
  const network = new FlowNetwork(sink + 1, options.length + mentees.length + mentors.length);
  mentees.forEach((_, i) => network.addEdge(source, 1 + i, 1, 0));
  mentors.forEach((mentor, j) => {
    const free = mentor.capacity - mentor.load;
    if (free > 0) network.addEdge(1 + mentees.length + j, sink, free, 0);
  });
  // Cost = ceiling − score ≥ 0: with the flow size fixed, least cost is most score.
  const edges = options.map((option) =>
    network.addEdge(1 + option.mentee, 1 + mentees.length + option.mentor, 1, ceiling - option.score),
  );
  network.minCostMaxFlow(source, sink);
  return withExplanations(
    input,
    prepared,
    options.filter((_, k) => network.flowOn(edges[k]!) > 0),
  );
}

/** The obvious heuristic (best-scoring pairs first), kept as the benchmark's baseline. */
export function greedyMatching(input: MatchingInput): MatchingResult {
  const prepared = prepare(input);
  const free = prepared.mentors.map((mentor) => mentor.capacity - mentor.load);
  const taken = new Set<number>();
  const chosen = [...prepared.options]
    .sort((a, b) => b.score - a.score)
    .filter((option) => {
      if (taken.has(option.mentee) || free[option.mentor]! <= 0) return false;
      taken.add(option.mentee);
      free[option.mentor]!--;
      return true;
    });
  return withExplanations(input, prepared, chosen);
}

function withExplanations(input: MatchingInput, prepared: Prepared, chosen: readonly Option[]): MatchingResult {
  const { mentees, mentors, menteeProfiles, mentorProfiles } = prepared;
  const topicLabels = input.topicLabels ?? {};
  const pairs: MatchedPair[] = chosen.map((option) => ({
    menteeId: mentees[option.mentee]!.id,
    mentorId: mentors[option.mentor]!.id,
    score: option.score,
    scoreBreakdown: option.breakdown,
    reasons: reasonsFor(menteeProfiles[option.mentee]!, mentorProfiles[option.mentor]!, option.breakdown, topicLabels),
  }));
  const matched = new Set(pairs.map((pair) => pair.menteeId));
  const unmatched = mentees
    .filter((mentee) => !matched.has(mentee.id))
    .map((mentee) => ({ menteeId: mentee.id, reason: unmatchedReason(mentee, mentors, pairs, input) }));
  return {
    pairs,
    unmatched,
    totalScore: pairs.reduce((sum, pair) => sum + pair.score, 0),
    closeCalls: closeCalls(prepared, chosen),
  };
}

/**
 * The decisions the factors beyond topics made: a mentee's mentor and the
 * best other mentor allowed for them shared as many topics, and the chosen
 * one scored at least as much. `decidedBy` names the factors where it scored
 * more (none: a tie, broken by id order).
 */
function closeCalls(prepared: Prepared, chosen: readonly Option[]): CloseCall[] {
  const byMentee = new Map<number, Option[]>();
  for (const option of prepared.options) {
    const list = byMentee.get(option.mentee) ?? [];
    list.push(option);
    byMentee.set(option.mentee, list);
  }
  return chosen.flatMap((pick) => {
    const alternatives = (byMentee.get(pick.mentee) ?? []).filter((option) => option.mentor !== pick.mentor);
    const best = alternatives.reduce<Option | null>((a, b) => (a && a.score >= b.score ? a : b), null);
    if (!best || best.breakdown.topics !== pick.breakdown.topics || best.score > pick.score) return [];
    return [
      {
        menteeId: prepared.mentees[pick.mentee]!.id,
        mentorId: prepared.mentors[pick.mentor]!.id,
        alternativeId: prepared.mentors[best.mentor]!.id,
        decidedBy: scoreFactors.filter((factor) => pick.breakdown[factor] > best.breakdown[factor]),
      },
    ];
  });
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
    return "Amb les persones mentores compatibles ja hi ha hagut una proposta per a aquesta persona que es va declinar, deixar caducar o anul·lar.";
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
  const best = `S'han proposat ${pairs} per a ${people} rebre mentoria. És el màxim possible amb les regles del programa (capacitat de cada persona mentora, municipis diferents, almenys un tema i una modalitat en comú) i, entre totes les combinacions amb ${pairs}, aquesta té la puntuació total més alta (${result.totalScore}).`;
  const close = closeCallsSentence(result.closeCalls);
  return close ? `${best} ${close}` : best;
}

/** What each factor is called when it decides something. */
export const factorNames: Record<ScoreFactor, string> = {
  topics: "els temes",
  modes: "les modalitats",
  slots: "la disponibilitat",
  text: "el que han escrit",
  closeness: "la proximitat",
};

/** How many close calls each factor decided, most first; ties apart. */
export function closeCallTally(closeCalls: readonly CloseCall[]) {
  const decidedBy = Object.fromEntries(
    scoreFactors
      .map((factor) => [factor, closeCalls.filter((call) => call.decidedBy.includes(factor)).length] as const)
      .filter(([, count]) => count > 0)
      .sort((a, b) => b[1] - a[1]),
  ) as Partial<Record<ScoreFactor, number>>;
  return { count: closeCalls.length, decidedBy, ties: closeCalls.filter((call) => call.decidedBy.length === 0).length };
}

/** "En 3 parelles hi havia una altra persona mentora amb els mateixos temes: hi ha decidit la disponibilitat (2) …". */
export function closeCallsSentence(closeCalls: readonly CloseCall[]): string {
  const tally = closeCallTally(closeCalls);
  if (tally.count === 0) return "";
  const where = tally.count === 1 ? "En una parella" : `En ${tally.count} parelles`;
  const decided = Object.entries(tally.decidedBy).map(
    ([factor, count]) => `${factorNames[factor as ScoreFactor]} (${count})`,
  );
  const ties =
    tally.ties === 0
      ? ""
      : `${tally.ties === 1 ? "un empat s'ha resolt" : `${tally.ties} empats s'han resolt`} per l'ordre de les sol·licituds`;
  const parts = [...(decided.length > 0 ? [`hi ha decidit ${joinCatalan(decided)}`] : []), ...(ties ? [ties] : [])];
  return `${where} hi havia una altra persona mentora amb els mateixos temes: ${parts.join("; ")}.`;
}
