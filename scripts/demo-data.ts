/**
 * Data for local runs and tests. The topic list is the programme's real list
 * of municipal ESS policy areas; the members are real Catalan municipalities
 * but their membership here is invented (every document says `demo: true`).
 */
import { ports } from "./emulators.ts";

export const topics: { id: string; label: string }[] = [
  { id: "pla-local-ess", label: "Plans locals i estratègies municipals d'ESS" },
  { id: "contractacio-responsable", label: "Contractació pública responsable i clàusules socials" },
  { id: "reserva-contractes", label: "Reserva de contractes a centres especials de treball i empreses d'inserció" },
  { id: "energia-comunitaria", label: "Comunitats energètiques i transició energètica" },
  { id: "habitatge-cooperatiu", label: "Habitatge cooperatiu en cessió d'ús" },
  { id: "emprenedoria-cooperativa", label: "Suport a l'emprenedoria cooperativa i col·lectiva" },
  { id: "finances-etiques", label: "Finançament ètic i solidari" },
  { id: "comerc-just", label: "Comerç just i consum responsable" },
  { id: "sobirania-alimentaria", label: "Sobirania alimentària i circuits curts de comercialització" },
  { id: "economia-circular", label: "Economia circular i gestió comunitària de residus" },
  { id: "cures", label: "Economia de les cures i cooperatives de cures" },
  { id: "insercio-laboral", label: "Inserció sociolaboral i empreses d'inserció" },
  { id: "gestio-comunitaria", label: "Gestió comunitària d'equipaments i patrimoni ciutadà" },
  { id: "moneda-social", label: "Monedes socials i locals" },
  { id: "mercat-social", label: "Mercat social i xarxes d'intercooperació" },
  { id: "formacio-ess", label: "Formació i sensibilització en ESS" },
  { id: "ess-educacio", label: "ESS a l'educació i cooperatives escolars" },
  { id: "transformacio-empreses", label: "Relleu empresarial i transformació d'empreses en cooperatives" },
  { id: "ateneus-cooperatius", label: "Ateneus cooperatius i serveis de suport a l'ESS" },
  { id: "mobilitat-sostenible", label: "Mobilitat sostenible i cooperativa" },
  { id: "cultura-cooperativa", label: "Cultura i comunicació cooperatives" },
  { id: "mesura-impacte", label: "Indicadors i mesura de l'impacte social" },
];

export const members: { id: string; name: string; comarca: string; province: string }[] = [
  { id: "barcelona", name: "Barcelona", comarca: "Barcelonès", province: "Barcelona" },
  { id: "badalona", name: "Badalona", comarca: "Barcelonès", province: "Barcelona" },
  { id: "santa-coloma-de-gramenet", name: "Santa Coloma de Gramenet", comarca: "Barcelonès", province: "Barcelona" },
  { id: "el-prat-de-llobregat", name: "El Prat de Llobregat", comarca: "Baix Llobregat", province: "Barcelona" },
  { id: "sant-feliu-de-llobregat", name: "Sant Feliu de Llobregat", comarca: "Baix Llobregat", province: "Barcelona" },
  { id: "terrassa", name: "Terrassa", comarca: "Vallès Occidental", province: "Barcelona" },
  { id: "sabadell", name: "Sabadell", comarca: "Vallès Occidental", province: "Barcelona" },
  { id: "sant-cugat-del-valles", name: "Sant Cugat del Vallès", comarca: "Vallès Occidental", province: "Barcelona" },
  { id: "granollers", name: "Granollers", comarca: "Vallès Oriental", province: "Barcelona" },
  { id: "mataro", name: "Mataró", comarca: "Maresme", province: "Barcelona" },
  { id: "manresa", name: "Manresa", comarca: "Bages", province: "Barcelona" },
  { id: "vic", name: "Vic", comarca: "Osona", province: "Barcelona" },
  { id: "igualada", name: "Igualada", comarca: "Anoia", province: "Barcelona" },
  { id: "vilafranca-del-penedes", name: "Vilafranca del Penedès", comarca: "Alt Penedès", province: "Barcelona" },
  { id: "girona", name: "Girona", comarca: "Gironès", province: "Girona" },
  { id: "olot", name: "Olot", comarca: "Garrotxa", province: "Girona" },
  { id: "figueres", name: "Figueres", comarca: "Alt Empordà", province: "Girona" },
  { id: "lleida", name: "Lleida", comarca: "Segrià", province: "Lleida" },
  { id: "tarrega", name: "Tàrrega", comarca: "Urgell", province: "Lleida" },
  { id: "tarragona", name: "Tarragona", comarca: "Tarragonès", province: "Tarragona" },
  { id: "reus", name: "Reus", comarca: "Baix Camp", province: "Tarragona" },
  { id: "tortosa", name: "Tortosa", comarca: "Baix Ebre", province: "Tarragona" },
];

/** A member that left the network: its technicians get 403 not_member. */
export const formerMember = {
  id: "cerdanyola-del-valles",
  name: "Cerdanyola del Vallès",
  comarca: "Vallès Occidental",
  province: "Barcelona",
};

export function demoSettings(publicBaseUrl = `http://127.0.0.1:${ports.hosting}`) {
  return {
    secretariatEmail: "secretaria@xmess.example",
    senderEmail: "XMESS Mentories <mentories@xmess.example>",
    publicBaseUrl,
    timezone: "Europe/Madrid",
    requiredMeetings: 2,
    maxDurationMonths: 12,
    proposalResponseDays: 10,
    meetingModes: ["presencial", "virtual"],
    intakeRateLimitPerHour: 120,
    demo: true,
  };
}

const days = (n: number) => n * 24 * 60 * 60_000;

/** The current year's cycle with its application window open at `now`. */
export function openCycle(now: Date) {
  const at = (offsetDays: number) => new Date(now.getTime() + days(offsetDays));
  return {
    id: String(now.getUTCFullYear()),
    applicationsOpenAt: at(-7),
    applicationsCloseAt: at(30),
    matchingAt: at(37),
    startsAt: at(60),
    demo: true,
  };
}
