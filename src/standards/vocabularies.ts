/**
 * Membership of the EU controlled vocabularies. The EU shapes (EDC-generic-full.ttl) check only
 * that a concept names the right scheme (`skos:inScheme`); they cannot know whether the concept
 * exists in it, so `…/snb/eqf/9` with the EQF scheme passes them. Loaded with the vocabulary data
 * (standards/elm-cv-*.tsv, from EU Vocabularies), this check closes that gap for the vocabularies
 * held here in full. Vocabularies held only in part (credential, learning activity and
 * opportunity types, accreditation types) and those not held (language, file type, ESCO, QDR)
 * are not judged.
 */
import { standardFile } from "./files.js";

export interface Vocabulary {
  /** Concepts are `${namespace}${code}`. */
  namespace: string;
  label: string;
  concepts: Set<string>;
}

/** Vocabularies of elm-cv-small.tsv that it holds in full, by their first column. */
const COMPLETE_SMALL: Record<string, string> = {
  eqf: "EQF levels",
  "europass-learning-assessment-types": "Europass assessment types",
  "europass-modes": "Europass modes of learning and assessment",
  "europass-learning-setting-types": "Europass learning settings",
  "europass-learning-schedule-types": "Europass learning schedules",
};

let vocabularies: Vocabulary[] | undefined;

function namespaceOf(iri: string): string {
  return iri.slice(0, iri.lastIndexOf("/") + 1);
}

export function loadVocabularies(): Vocabulary[] {
  if (vocabularies) return vocabularies;
  const byNamespace = new Map<string, Vocabulary>();
  const add = (iri: string, label: string) => {
    const namespace = namespaceOf(iri);
    let v = byNamespace.get(namespace);
    if (!v) {
      v = { namespace, label, concepts: new Set() };
      byNamespace.set(namespace, v);
    }
    v.concepts.add(iri);
  };
  const rows = (name: string) =>
    standardFile(name)
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => l.split("\t"));
  for (const [iri] of rows("elm-cv-country.tsv")) if (iri) add(iri, "EU country authority table");
  for (const [iri] of rows("elm-cv-isced-f.tsv")) if (iri) add(iri, "ISCED-F 2013 fields");
  for (const [list, iri] of rows("elm-cv-small.tsv")) {
    const label = list ? COMPLETE_SMALL[list] : undefined;
    if (label && iri) add(iri, label);
  }
  vocabularies = [...byNamespace.values()];
  return vocabularies;
}

/** The vocabulary a concept IRI belongs to by its namespace, if it is one held in full. */
export function vocabularyOf(iri: string): Vocabulary | undefined {
  const ns = namespaceOf(iri);
  return loadVocabularies().find((v) => v.namespace === ns);
}
