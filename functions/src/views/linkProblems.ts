/** What a person reads when a link from an email cannot be used, in the words of its purpose. */
import type { LinkPurpose as Purpose } from "../domain/links";
import { problemPage } from "./pages";

const texts: Record<Purpose, { expired: string; notFoundTitle: string; notFound: string }> = {
  proposal: {
    expired:
      "El termini per respondre aquesta proposta ha passat. Si encara t'interessa, escriu a la secretaria tècnica.",
    notFoundTitle: "No hem trobat aquesta proposta",
    notFound: "Potser la secretaria tècnica l'ha retirada. Escriu-li si tens dubtes.",
  },
  mentorship: {
    expired:
      "Aquest enllaç a la pàgina de la mentoria ja no és vàlid. Escriu a la secretaria tècnica i te n'enviarà un de nou.",
    notFoundTitle: "No hem trobat aquesta mentoria",
    notFound: "Potser la secretaria tècnica l'ha anul·lada. Escriu-li si tens dubtes.",
  },
  application: {
    expired:
      "Aquest enllaç a la teva sol·licitud ja no és vàlid. Escriu a la secretaria tècnica i te n'enviarà un de nou.",
    notFoundTitle: "Aquesta sol·licitud ja no existeix",
    notFound:
      "Les sol·licituds que no es confirmen s'esborren al cap d'uns dies. Si encara hi vols participar, torna a omplir el formulari: t'enviarem un enllaç nou per confirmar-la.",
  },
};

function problemsOf(purpose: Purpose) {
  return {
    invalid: () =>
      problemPage(
        "L'enllaç no és vàlid",
        "Comprova que l'has copiat sencer des del correu, o escriu a la secretaria tècnica.",
        { lostLinks: true },
      ),
    expired: () => problemPage("L'enllaç ha caducat", texts[purpose].expired, { lostLinks: true }),
    revoked: () =>
      problemPage(
        "Aquest enllaç s'ha substituït",
        "La secretaria tècnica ha anul·lat els enllaços anteriors. Fes servir el del correu més recent que t'hem enviat, o escriu-li.",
        { lostLinks: true },
      ),
    notFound: () => problemPage(texts[purpose].notFoundTitle, texts[purpose].notFound, { lostLinks: true }),
  };
}

export const linkProblems: Record<Purpose, ReturnType<typeof problemsOf>> = {
  proposal: problemsOf("proposal"),
  mentorship: problemsOf("mentorship"),
  application: problemsOf("application"),
};
