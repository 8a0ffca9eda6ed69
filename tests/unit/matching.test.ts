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
import { defaultMatchingWeights } from "../../functions/src/domain/programme.ts";

type Mode = "presencial" | "virtual";
function person(
  id: string,
  fields: {
    municipality?: string;
    comarca?: string;
    province?: string;
    topics: string[];
    modes?: Mode[];
    slots?: string[];
    description?: string;
  },
): MenteeCandidate {
  const municipality = fields.municipality ?? id;
  return {
    id,
    person: { name: `Persona ${id}`, email: `${id}@x.example`, position: "Tècnica" },
    municipality: { id: municipality, name: municipality, comarca: fields.comarca, province: fields.province },
    topics: fields.topics,
    modes: fields.modes ?? ["presencial", "virtual"],
    description: fields.description ?? "",
    ...(fields.slots ? { slots: fields.slots } : {}),
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
      const fit = compatibility(input.mentees[i]!, m, { weights: input.weights });
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
// Texts from a small vocabulary, so that some pairs read alike and others do not.
const phrases = [
  "clàusules socials a la contractació pública",
  "reserva de contractes a empreses d'inserció",
  "comunitat energètica i autoconsum",
  "habitatge cooperatiu en cessió d'ús",
  "moneda local i comerç de proximitat",
];
const arbitraryPerson = fc.record({
  place: fc.constantFrom(...places),
  topics: fc.subarray(topicIds, { minLength: 1 }),
  modes: fc.subarray(["presencial", "virtual"] as Mode[], { minLength: 1 }),
  // Absent (an application typed in the console) or some of four slots.
  slots: fc.option(fc.subarray(["dl-mati", "dl-tarda", "dc-mati", "dv-tarda"], { minLength: 1 }), { nil: undefined }),
  description: fc.subarray(phrases).map((chosen) => chosen.join(". ")),
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
    // Any weights the secretariat may set, zeros included.
    weights: fc.record({
      sharedTopic: fc.integer({ min: 0, max: 12 }),
      sharedMode: fc.integer({ min: 0, max: 3 }),
      sharedSlot: fc.integer({ min: 0, max: 5 }),
      slotsCounted: fc.integer({ min: 1, max: 3 }),
      textSimilarity: fc.integer({ min: 0, max: 20 }),
      sameComarca: fc.integer({ min: 0, max: 6 }),
      sameProvince: fc.integer({ min: 0, max: 6 }),
    }),
  })
  .map(({ mentees, mentors, excludeEvery, weights }): MatchingInput => {
    const fields = (who: typeof arbitraryPerson extends fc.Arbitrary<infer T> ? T : never) => ({
      ...who.place,
      topics: who.topics,
      modes: who.modes,
      slots: who.slots,
      description: who.description,
    });
    const menteeList = mentees.map((m, i) => person(`e${i}`, fields(m)));
    const mentorList = mentors.map((m, j) => mentor(`r${j}`, m.capacity, fields(m.who), m.load));
    const excluded = new Set<string>();
    if (excludeEvery > 0) {
      menteeList.forEach((e, i) =>
        mentorList.forEach((r, j) => (i + j) % (excludeEvery + 1) === 0 && excluded.add(excludedPairKey(e.id, r.id))),
      );
    }
    return { mentees: menteeList, mentors: mentorList, excluded, weights };
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

describe("needs and availability (docs/design.md §5)", () => {
  const needs =
    "Volem incorporar clàusules socials a la contractació pública i reservar contractes a empreses d'inserció.";
  const alike = "He impulsat clàusules socials i ambientals a la contractació pública i la reserva de contractes.";
  const unlike = "Vaig coordinar una comunitat energètica i el suport a cooperatives d'habitatge.";

  it("between two mentors equal in everything but availability, takes the one who shares a slot", () => {
    const input: MatchingInput = {
      mentees: [person("e", { topics: ["a"], slots: ["dl-mati", "dc-tarda"] })],
      // "r1" would win a tie on id order: only availability can make "r2" the choice.
      mentors: [
        mentor("r1", 1, { topics: ["a"], slots: ["dv-tarda"] }),
        mentor("r2", 1, { topics: ["a"], slots: ["dl-mati"] }),
      ],
    };
    const result = solveMatching(input);
    expect(result.pairs.map((p) => p.mentorId)).toEqual(["r2"]);
    expect(result.pairs[0]!.reasons).toContain("Tots dos es poden trobar dilluns al matí (+3).");
    expect(result.closeCalls).toEqual([{ menteeId: "e", mentorId: "r2", alternativeId: "r1", decidedBy: ["slots"] }]);
    expect(cohortExplanation(result, 1)).toContain(
      "En una parella hi havia una altra persona mentora amb els mateixos temes: hi ha decidit la disponibilitat (1).",
    );
  });

  it("between two mentors equal in everything but what they wrote, takes the one whose experience reads like the needs", () => {
    const input: MatchingInput = {
      mentees: [person("e", { topics: ["a"], description: needs })],
      mentors: [
        mentor("r1", 1, { topics: ["a"], description: unlike }),
        mentor("r2", 1, { topics: ["a"], description: alike }),
      ],
    };
    const result = solveMatching(input);
    expect(result.pairs.map((p) => p.mentorId)).toEqual(["r2"]);
    const pair = result.pairs[0]!;
    expect(pair.scoreBreakdown.text).toBeGreaterThan(0);
    expect(pair.reasons).toContain(
      `L'experiència de la persona mentora parla del que demana la persona mentorada: «clàusules», «socials», «contractació», «pública» i «contractes» (+${pair.scoreBreakdown.text}).`,
    );
    expect(result.closeCalls[0]!.decidedBy).toEqual(["text"]);
  });

  it("matches an application without slots (typed in the console) without that factor, never refusing it", () => {
    const fit = compatibility(person("e", { topics: ["a"] }), person("r", { topics: ["a"], slots: ["dl-mati"] }))!;
    expect(fit.scoreBreakdown.slots).toBe(0);
    expect(fit.reasons.join(" ")).not.toMatch(/franja|es poden trobar dilluns/);
    expect(
      solveMatching({
        mentees: [person("e", { topics: ["a"] })],
        mentors: [mentor("r", 1, { topics: ["a"], slots: ["dl-mati"] })],
      }).pairs,
    ).toHaveLength(1);
  });

  it("says so when both gave slots and share none, and still pairs them: it is a score, not a rule", () => {
    const fit = compatibility(
      person("e", { topics: ["a"], slots: ["dl-mati"] }),
      person("r", { topics: ["a"], slots: ["dv-tarda"] }),
    )!;
    expect(fit.scoreBreakdown.slots).toBe(0);
    expect(fit.reasons).toContain("No tenen cap franja de disponibilitat en comú: caldrà que ho parlin (+0).");
  });

  it("counts shared slots up to slotsCounted, with the secretariat's weights", () => {
    const everyDay = ["dl-mati", "dm-mati", "dc-mati", "dj-mati", "dv-mati"];
    const weights = { ...defaultMatchingWeights, sharedSlot: 2, slotsCounted: 2 };
    const fit = compatibility(
      person("e", { topics: ["a"], slots: everyDay }),
      person("r", { topics: ["a"], slots: everyDay }),
      { weights },
    )!;
    expect(fit.scoreBreakdown.slots).toBe(4);
    expect(fit.reasons).toContain(
      "Tots dos es poden trobar dilluns al matí, dimarts al matí, dimecres al matí, dijous al matí i divendres al matí (+4).",
    );
  });

  it("changes nothing where availability and the texts carry no weight: the same pairs as without them", () => {
    fc.assert(
      fc.property(arbitraryInput, (input) => {
        const weights = { ...input.weights!, sharedSlot: 0, textSimilarity: 0 };
        const strip = <T extends MenteeCandidate>({ slots: _slots, ...rest }: T) => ({ ...rest, description: "" });
        const without = { ...input, weights, mentees: input.mentees.map(strip), mentors: input.mentors.map(strip) };
        const pairs = (result: ReturnType<typeof solveMatching>) => result.pairs.map((p) => [p.menteeId, p.mentorId]);
        expect(pairs(solveMatching({ ...input, weights }))).toEqual(pairs(solveMatching(without)));
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
      { topicLabels: labels },
    );
    expect(fit).toEqual({
      score: 25,
      scoreBreakdown: { topics: 20, modes: 1, slots: 0, text: 0, closeness: 4 },
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
