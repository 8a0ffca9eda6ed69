import { describe, expect, it } from "vitest";
import { keywords, keywordsWithWords, overlap, stem } from "../../functions/src/domain/catalanText.ts";

describe("Catalan text comparison (shared by advisory batching and matching)", () => {
  it("stems plural and gender forms together", () => {
    const pairs = [
      ["clausula", "clausules"],
      ["contractacio", "contractacions"],
      ["cooperatiu", "cooperatives"],
      ["cooperativa", "cooperatius"],
      ["social", "socials"],
    ];
    for (const [one, other] of pairs) expect(stem(one!)).toBe(stem(other!));
  });

  it("drops grammar and what every application says, keeps what the text is about", () => {
    expect(keywords("Volem impulsar l'economia social i solidària al municipi amb clàusules socials")).toEqual([
      "clausul",
      "impulsar",
      "social",
    ]);
    expect(keywords("col·lectiva")).toEqual(["collectiv"]);
  });

  it("remembers the first word each keyword came from, as written", () => {
    expect([...keywordsWithWords("Clàusules socials i una clàusula").entries()]).toEqual([
      ["clausul", "clàusules"],
      ["social", "socials"],
    ]);
  });

  it("measures how alike two texts read from 0 to 1, not punishing the longer one", () => {
    const set = (text: string) => new Set(keywords(text));
    const needs = set("clàusules socials a la contractació");
    expect(overlap(needs, needs).score).toBe(1);
    expect(overlap(needs, set("comunitat energètica")).score).toBe(0);
    const short = overlap(needs, set("clàusules socials"));
    const long = overlap(needs, set("clàusules socials, habitatge, mobilitat, moneda local i finances ètiques"));
    expect(short.score).toBeGreaterThan(long.score);
    expect(long.score).toBeGreaterThan(0);
    expect(short.shared.sort()).toEqual(["clausul", "social"]);
    expect(overlap(new Set(), needs).score).toBe(0);
  });
});
