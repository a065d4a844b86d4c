/**
 * The EQF level descriptors (Council Recommendation of 22 May 2017, Annex II) in each language a
 * supplement can be printed in. English is the official text (src/core/vocab.ts). Where the
 * official text of a level in a language could not be obtained offline, the document cites the
 * Annex in that language instead of printing a translation of our own (s2.officialElsewhere).
 *
 * Sources:
 * - de, levels 2 and 5 to 8: the Cedefop VET glossary, which quotes Annex II of the Recommendation
 *   ("Leicht verändert übernommen aus Rat der Europäischen Union, 2017"):
 *   https://www.cedefop.europa.eu/de/tools/vet-glossary/glossary/europees-kwalificatiekader-voor-een-leven-lang-leren-ekk-niveau-5
 *   (and …-niveau-2, -6, -7, -8). Multi-part descriptors are joined with "; " as in the English text.
 *   One correction: the glossary's level 2 reads "grundlegendes Faktenkenntnis", an evident
 *   gender-agreement slip; it is printed as "Grundlegende Faktenkenntnis".
 * - de, levels 1, 3 and 4, and fr: not obtained offline (searched again on 2026-11-23: the Cedefop
 *   glossary pages for those levels and the EUR-Lex text of Annex II are not in the stored corpus);
 *   the document cites them (OJ C 189, 15.6.2017, p. 15).
 */
import type { EqfDescriptor } from "../vocab.js";
import { EQF_DESCRIPTORS } from "../vocab.js";
import type { Lang } from "./index.js";

const DE: Record<number, EqfDescriptor> = {
  2: {
    level: 2,
    knowledge: "Grundlegende Faktenkenntnis in einem Arbeits- oder Lernbereich.",
    skills:
      "Grundlegende kognitive und praktische Fertigkeiten, die zur Nutzung einschlägiger Informationen erforderlich sind, um Aufgaben zu erledigen und Routineprobleme unter Verwendung einfacher Regeln und Werkzeuge zu lösen.",
    autonomy: "Arbeiten oder Lernen unter Anleitung mit einem gewissen Maß an Selbstständigkeit.",
  },
  5: {
    level: 5,
    knowledge:
      "Umfassende, spezialisierte, faktische und theoretische Kenntnis eines Arbeits- oder Lernbereichs sowie Bewusstsein für die Grenzen dieser Kenntnis.",
    skills:
      "Umfassende kognitive und praktische Fertigkeiten, die erforderlich sind, um kreative Lösungen für abstrakte Probleme zu erarbeiten.",
    autonomy:
      "Leiten und Beaufsichtigen in Arbeits- oder Lernkontexten, in denen unvorhersehbare Änderungen auftreten; Überprüfung und Entwicklung der eigenen Leistung und der Leistung anderer Personen.",
  },
  6: {
    level: 6,
    knowledge:
      "Fortgeschrittene Kenntnisse in einem Arbeits- oder Lernbereich unter Einsatz eines kritischen Verständnisses von Theorien und Grundsätzen.",
    skills:
      "Fortgeschrittene Fertigkeiten, die die Beherrschung des Faches sowie Innovationsfähigkeit erkennen lassen und zur Lösung komplexer und unvorhersehbarer Probleme in einem spezialisierten Arbeits- oder Lernbereich nötig sind.",
    autonomy:
      "Leitung komplexer fachlicher oder beruflicher Tätigkeiten oder Projekte und Übernahme von Entscheidungsverantwortung in unvorhersehbaren Arbeits- oder Lernkontexten; Übernahme von Verantwortung für die berufliche Entwicklung von Personen und Gruppen.",
  },
  7: {
    level: 7,
    knowledge:
      "Hoch spezialisierte Kenntnisse, die zum Teil an neueste Erkenntnisse in einem Arbeits- oder Lernbereich anknüpfen, als Grundlage für innovative Denkansätze oder Forschung; kritisches Bewusstsein für Wissensfragen in einem Bereich und an der Schnittstelle zwischen verschiedenen Bereichen.",
    skills:
      "Spezialisierte Problemlösungsfertigkeiten im Bereich Forschung oder Innovation, um neue Kenntnisse zu gewinnen und neue Verfahren zu entwickeln sowie um Wissen aus verschiedenen Bereichen zu integrieren.",
    autonomy:
      "Leitung und Gestaltung komplexer, unvorhersehbarer Arbeits- oder Lernkontexte, die neue strategische Ansätze erfordern; Übernahme von Verantwortung für Beiträge zum Fachwissen und zur Berufspraxis oder für die Überprüfung der strategischen Leistung von Teams.",
  },
  8: {
    level: 8,
    knowledge:
      "Spitzenkenntnisse in einem Arbeits- oder Lernbereich und an der Schnittstelle zwischen verschiedenen Bereichen.",
    skills:
      "Im höchsten Maße fortgeschrittene und spezialisierte Fertigkeiten und Methoden, einschließlich Synthese und Evaluierung, zur Lösung zentraler Problemstellungen in den Bereichen Forschung oder Innovation, und zur Erweiterung oder Neudefinition vorhandener Kenntnisse oder beruflicher Praxis.",
    autonomy:
      "Fachliche Autorität, Innovationsfähigkeit, Selbstständigkeit, wissenschaftliche und berufliche Integrität und nachhaltiges Engagement bei der Entwicklung neuer Ideen oder Verfahren in führenden Arbeits- oder Lernkontexten, einschließlich der Forschung.",
  },
};

const BY_LANG: Record<Lang, Record<number, EqfDescriptor>> = {
  en: EQF_DESCRIPTORS,
  de: DE,
  fr: {},
};

/** The official descriptors of a level in a language, or undefined where the document cites them. */
export function eqfDescriptor(level: number, lang: Lang): EqfDescriptor | undefined {
  return BY_LANG[lang][level];
}
