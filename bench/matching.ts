/**
 * Matching benchmark: 1,000 mentees and 400 mentors (capacity 1–3, 25 topics,
 * availability slots and a written description each), exact solver against
 * the greedy baseline on the same instance.
 */
import { createRequire } from "node:module";
import type { MatchingInput } from "../functions/src/domain/matching.ts";

// The compiled code, as deployed (npm run bench builds first).
const { greedyMatching, solveMatching } = createRequire(import.meta.url)(
  "../functions/.transpiled/domain/matching.js",
) as typeof import("../functions/src/domain/matching.ts");

/** Small deterministic PRNG (mulberry32), so every run solves the same instance. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchmarkInstance(mentees = 1000, mentors = 400, seed = 2026): MatchingInput {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const topics = Array.from({ length: 25 }, (_, i) => `tema-${i}`);
  const someTopics = (min: number, max: number) => {
    const count = min + pick(max - min + 1);
    return [...new Set(Array.from({ length: count }, () => topics[pick(topics.length)]!))];
  };
  const modes = () =>
    (next() < 0.6 ? ["presencial", "virtual"] : next() < 0.5 ? ["presencial"] : ["virtual"]) as (
      "presencial" | "virtual"
    )[];
  const place = () => {
    const municipality = pick(300);
    return {
      id: `m${municipality}`,
      name: `Municipi ${municipality}`,
      comarca: `c${municipality % 41}`,
      province: `p${municipality % 4}`,
    };
  };
  const person = (id: string) => ({ name: id, email: `${id}@x.example`, position: "Tècnica" });
  // Each topic has its own words; a description mixes its person's topics' words with
  // common ones, 30–60 words long, as people write them.
  const common = "volem impulsar ajuntament servei veïnat xarxa entitats pla estratègia suport formació".split(" ");
  const topicWords = topics.map((_, t) => Array.from({ length: 12 }, (_, w) => `paraula${t}x${w}`));
  const description = (chosen: string[]) =>
    Array.from({ length: 30 + pick(31) }, () => {
      if (next() < 0.4) return common[pick(common.length)]!;
      const words = topicWords[topics.indexOf(chosen[pick(chosen.length)]!)]!;
      return words[pick(words.length)]!;
    }).join(" ");
  const allSlots = ["dl", "dm", "dc", "dj", "dv"].flatMap((day) => [`${day}-mati`, `${day}-tarda`]);
  const slots = () => [...new Set(Array.from({ length: 2 + pick(5) }, () => allSlots[pick(allSlots.length)]!))];
  const candidate = (id: string, fewestTopics: number, mostTopics: number) => {
    const chosen = someTopics(fewestTopics, mostTopics);
    return {
      id,
      person: person(id),
      municipality: place(),
      topics: chosen,
      modes: modes(),
      slots: slots(),
      description: description(chosen),
    };
  };
  return {
    mentees: Array.from({ length: mentees }, (_, i) => candidate(`e${i}`, 1, 3)),
    mentors: Array.from({ length: mentors }, (_, j) => ({
      ...candidate(`r${j}`, 2, 5),
      capacity: 1 + pick(3),
      load: 0,
    })),
  };
}

function timed<T>(run: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

const instance = benchmarkInstance();
const capacity = instance.mentors.reduce((sum, m) => sum + m.capacity, 0);
solveMatching(benchmarkInstance(100, 40, 1)); // warm the JIT on a small instance
const exact = timed(() => solveMatching(instance));
const greedy = timed(() => greedyMatching(instance));
console.log(
  `BENCH matching ${JSON.stringify({
    mentees: instance.mentees.length,
    mentors: instance.mentors.length,
    mentorCapacity: capacity,
    exact: {
      ms: Math.round(exact.ms),
      matched: exact.result.pairs.length,
      totalScore: exact.result.totalScore,
      closeCalls: exact.result.closeCalls.length,
    },
    greedy: { ms: Math.round(greedy.ms), matched: greedy.result.pairs.length, totalScore: greedy.result.totalScore },
  })}`,
);
