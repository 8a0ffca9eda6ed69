/**
 * What a Catalan text is about, for comparing texts: one tokeniser, one
 * stop-word list and one light stemmer, shared by advisory batching (docs/design.md
 * §7: is this question like that group's?) and matching (docs/design.md §5: does
 * this mentor's experience read like this mentee's needs?).
 *
 * Hand-written rather than a package: the stemmers on npm for Catalan
 * (Snowball ports) are aggressive enough to merge unrelated words of this
 * small vocabulary ("cooperativa" and "cooperació"), and none knows the
 * programme's own empty words (docs/design.md §5, "How a pair is scored").
 */

// Words that say nothing about what a text is about: grammar, and what every
// application to this programme says ("economia social i solidària", "municipi").
const stopWords = new Set(
  `a al als amb ambdós aquell aquella aquelles aquells aquest aquesta aquestes aquests cada com con contra d de del dels des des de
  dins do el ell ella elles ells els em en entre era eren es és esta està estan et fa fan fer fins ha han has hem heu hi ho i igual
  jo la les li llur llurs lo los més meu meus mi mitjançant molt molta moltes molts na ne nos nosaltres nostra nostre
  nostres o on per perquè però poc poca pocs poques pot podem poden quan quant que què qui sa se segons seu seus seva seves si
  sobre sota també tant te té tenim tenen teu tinc tot tota totes tots un una unes uns us vosaltres vostra vostre volem vull
  ajuntament municipi municipal municipals com fer podem cal tenim hem voldríem saber pregunta necessitem ajuda
  economia solidària ess experiència necessitats necessitat mentoria acompanyament acompanyar voldria
  agradaria fet feina treballo treballem projecte projectes tema temes sabem vaig començar`.split(/\s+/),
);

const withoutAccents = (text: string) => text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
const normalisedStopWords = new Set([...stopWords].map(withoutAccents));

/**
 * A light stem: plural and gender endings go, so that "clàusula" and
 * "clàusules", "contractació" and "contractacions", "cooperatiu" and
 * "cooperatives" meet.
 */
export function stem(word: string): string {
  return word
    .replace(/ions$/u, "io")
    .replace(/s$/u, "")
    .replace(/iu$/u, "iv")
    .replace(/[aeo]$/u, "");
}

/** Each keyword's stem with the first word that gave it, as the person wrote it (lower case). */
export function keywordsWithWords(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const written of text.toLowerCase().split(/[^\p{L}\p{M}\p{N}·]+/u)) {
    const word = withoutAccents(written).replace(/·/gu, "");
    if (word.length < 3 || normalisedStopWords.has(word)) continue;
    const key = stem(word);
    if (key.length >= 3 && !found.has(key)) found.set(key, written);
  }
  return found;
}

/** The keywords of a text, sorted: lower case, no accents, no stop words, stemmed. */
export function keywords(text: string): string[] {
  return [...keywordsWithWords(text).keys()].sort();
}

/** Share of keywords in common (Jaccard): 0 nothing alike, 1 the same words. */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const right = new Set(b);
  const shared = a.filter((word) => right.has(word)).length;
  return shared / (a.length + b.length - shared);
}

/**
 * How alike two texts of different lengths read (Ochiai: shared keywords over
 * the geometric mean of both counts), from 0 to 1. Unlike Jaccard it does not
 * punish a mentor for writing more than the mentee.
 */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): { score: number; shared: string[] } {
  if (a.size === 0 || b.size === 0) return { score: 0, shared: [] };
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const shared: string[] = [];
  for (const word of small) if (large.has(word)) shared.push(word);
  return { score: shared.length / Math.sqrt(a.size * b.size), shared };
}
