import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cohortExplanation,
  compatibility,
  excludedPairKey,
  greedyMatching,
  solveMatching,
  type MatchingInput,
  type MenteeCandidate,
  type MentorCandidate,
} from "../../functions/src/domain/matching.ts";

type Mode = "presencial" | "virtual";
function person(
  id: string,
  fields: { municipality?: string; comarca?: string; province?: string; topics: string[]; modes?: Mode[] },
): MenteeCandidate {
  const municipality = fields.municipality ?? id;
  return {
    id,
    person: { name: `Persona ${id}`, email: `${id}@x.example`, position: "Tècnica" },
    municipality: { id: municipality, name: municipality, comarca: fields.comarca, province: fields.province },
    topics: fields.topics,
    modes: fields.modes ?? ["presencial", "virtual"],
  };
}
const mentor = (id: string, capacity: number, fields: Parameters<typeof person>[1], load = 0): MentorCandidate => ({
  ...person(id, fields),
  capacity,
  load,
});

/** Every feasible assignment, best (most matched, then most score) kept. */
function bruteForce(input: MatchingInput): { matched: number; score: number } {
  const free = input.mentors.map((m) => m.capacity - m.load);
  let best = { matched: 0, score: 0 };
  const go = (i: number, matched: number, score: number) => {
    if (i === input.mentees.length) {
      if (matched > best.matched || (matched === best.matched && score > best.score)) best = { matched, score };
      return;
    }
    go(i + 1, matched, score);
    input.mentors.forEach((m, j) => {
      if (free[j]! <= 0 || input.excluded?.has(excludedPairKey(input.mentees[i]!.id, m.id))) return;
      const fit = compatibility(input.mentees[i]!, m);
      if (!fit) return;
      free[j]!--;
      go(i + 1, matched + 1, score + fit.score);
      free[j]!++;
    });
  };
  go(0, 0, 0);
  return best;
}

const topicIds = ["a", "b", "c", "d"];
const places = [
  { municipality: "m1", comarca: "c1", province: "p1" },
  { municipality: "m2", comarca: "c1", province: "p1" },
  { municipality: "m3", comarca: "c2", province: "p1" },
  { municipality: "m4", comarca: "c3", province: "p2" },
  { municipality: "m5", comarca: undefined, province: undefined },
];
const arbitraryPerson = fc.record({
  place: fc.constantFrom(...places),
  topics: fc.subarray(topicIds, { minLength: 1 }),
  modes: fc.subarray(["presencial", "virtual"] as Mode[], { minLength: 1 }),
});
const arbitraryInput = fc
  .record({
    mentees: fc.array(arbitraryPerson, { maxLength: 6 }),
    mentors: fc.array(
      fc.record({
        who: arbitraryPerson,
        capacity: fc.integer({ min: 1, max: 3 }),
        load: fc.integer({ min: 0, max: 1 }),
      }),
      { maxLength: 4 },
    ),
    excludeEvery: fc.integer({ min: 0, max: 5 }),
  })
  .map(({ mentees, mentors, excludeEvery }): MatchingInput => {
    const menteeList = mentees.map((m, i) => person(`e${i}`, { ...m.place, topics: m.topics, modes: m.modes }));
    const mentorList = mentors.map((m, j) =>
      mentor(`r${j}`, m.capacity, { ...m.who.place, topics: m.who.topics, modes: m.who.modes }, m.load),
    );
    const excluded = new Set<string>();
    if (excludeEvery > 0) {
      menteeList.forEach((e, i) =>
        mentorList.forEach((r, j) => (i + j) % (excludeEvery + 1) === 0 && excluded.add(excludedPairKey(e.id, r.id))),
      );
    }
    return { mentees: menteeList, mentors: mentorList, excluded };
  });

describe("solveMatching is exact", () => {
  it("matches as many mentees as brute force, with the same best total score (thousands of random cohorts)", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const result = solveMatching(input);
        const best = bruteForce(input);
        expect({ matched: result.pairs.length, score: result.totalScore }).toEqual(best);
      }),
      { numRuns: 3000 },
    );
  });

  it("never breaks a hard rule: capacity, municipality, topic, mode, excluded pairs", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const { pairs, unmatched } = solveMatching(input);
        const mentors = new Map(input.mentors.map((m) => [m.id, m]));
        const mentees = new Map(input.mentees.map((m) => [m.id, m]));
        for (const [id, m] of mentors)
          expect(pairs.filter((p) => p.mentorId === id).length).toBeLessThanOrEqual(m.capacity - m.load);
        expect(new Set(pairs.map((p) => p.menteeId)).size).toBe(pairs.length);
        for (const pair of pairs) {
          const e = mentees.get(pair.menteeId)!;
          const r = mentors.get(pair.mentorId)!;
          expect(e.municipality.id).not.toBe(r.municipality.id);
          expect(e.topics.some((t) => r.topics.includes(t))).toBe(true);
          expect(e.modes.some((m) => r.modes.includes(m))).toBe(true);
          expect(input.excluded?.has(excludedPairKey(e.id, r.id))).toBeFalsy();
        }
        expect(pairs.length + unmatched.length).toBe(input.mentees.length);
        for (const u of unmatched) expect(u.reason.length).toBeGreaterThan(20);
      }),
      { numRuns: 1000 },
    );
  });

  it("is deterministic whatever the input order", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const reversed = { ...input, mentees: [...input.mentees].reverse(), mentors: [...input.mentors].reverse() };
        expect(solveMatching(reversed)).toEqual(solveMatching(input));
      }),
      { numRuns: 300 },
    );
  });
});

describe("where greedy fails", () => {
  // Ada fits Xavier best, but Bernat can only go to Xavier: taking the best pair
  // first leaves Bernat out; the exact solver matches both.
  const input: MatchingInput = {
    mentees: [person("ada", { topics: ["a", "b", "c"] }), person("bernat", { topics: ["a"] })],
    mentors: [mentor("xavier", 1, { topics: ["a", "b", "c"] }), mentor("yolanda", 1, { topics: ["b"] })],
  };
  it("matches both mentees where greedy leaves one out", () => {
    const greedy = greedyMatching(input);
    expect(greedy.pairs.map((p) => [p.menteeId, p.mentorId])).toEqual([["ada", "xavier"]]);
    const exact = solveMatching(input);
    expect(exact.pairs.map((p) => [p.menteeId, p.mentorId]).sort()).toEqual([
      ["ada", "yolanda"],
      ["bernat", "xavier"],
    ]);
  });

  it("prefers the higher total score when the count is the same", () => {
    const tie: MatchingInput = {
      mentees: [person("e1", { topics: ["a", "b"] }), person("e2", { topics: ["a"] })],
      mentors: [mentor("r1", 1, { topics: ["a", "b"] }), mentor("r2", 1, { topics: ["a"] })],
    };
    expect(
      solveMatching(tie)
        .pairs.map((p) => [p.menteeId, p.mentorId])
        .sort(),
    ).toEqual([
      ["e1", "r1"],
      ["e2", "r2"],
    ]);
  });
});

describe("explanations", () => {
  const labels = { a: "Comerç just", b: "Habitatge cooperatiu" };
  it("explains a pair in Catalan with the score broken down by factor", () => {
    const fit = compatibility(
      person("e", {
        municipality: "vic",
        comarca: "Osona",
        province: "Barcelona",
        topics: ["a", "b"],
        modes: ["virtual"],
      }),
      person("r", { municipality: "manlleu", comarca: "Osona", province: "Barcelona", topics: ["a", "b", "c"] }),
      labels,
    );
    expect(fit).toEqual({
      score: 25,
      scoreBreakdown: { topics: 20, modes: 1, closeness: 4 },
      reasons: [
        "Comparteixen 2 temes: Comerç just i Habitatge cooperatiu (+20).",
        "Es poden trobar en modalitat virtual (+1).",
        "Tots dos municipis són de la comarca d'Osona (+4).",
      ],
    });
  });

  it("refuses the same municipality, no shared topic, no shared mode", () => {
    expect(
      compatibility(
        person("e", { municipality: "vic", topics: ["a"] }),
        person("r", { municipality: "vic", topics: ["a"] }),
      ),
    ).toBeNull();
    expect(compatibility(person("e", { topics: ["a"] }), person("r", { topics: ["b"] }))).toBeNull();
    expect(
      compatibility(
        person("e", { topics: ["a"], modes: ["virtual"] }),
        person("r", { topics: ["a"], modes: ["presencial"] }),
      ),
    ).toBeNull();
  });

  it("says why each mentee is left out, naming who took the capacity", () => {
    const result = solveMatching({
      topicLabels: labels,
      mentees: [
        person("e1", { municipality: "olot", topics: ["a"] }),
        person("e2", { municipality: "reus", topics: ["a"] }),
        person("e3", { municipality: "vic", topics: ["z"] }),
        person("e4", { municipality: "tortosa", topics: ["b"], modes: ["presencial"] }),
      ],
      mentors: [mentor("r1", 1, { municipality: "girona", topics: ["a", "b"], modes: ["virtual"] })],
    });
    const reasons = Object.fromEntries(result.unmatched.map((u) => [u.menteeId, u.reason]));
    expect(result.pairs).toHaveLength(1);
    const left = result.pairs[0]!.menteeId === "e1" ? "e2" : "e1";
    expect(reasons[left]).toMatch(
      /^L'única persona mentora compatible té la capacitat plena: Persona r1 \(girona\) acompanyarà Persona e[12]/,
    );
    expect(reasons.e3).toBe("Cap persona mentora no treballa cap dels seus temes (z).");
    expect(reasons.e4).toBe("Les persones mentores amb temes en comú no es poden trobar en modalitat presencial.");
    expect(cohortExplanation(result, 4)).toContain("S'han proposat una parella per a 4 persones");
  });
});
