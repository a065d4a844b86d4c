/**
 * European Digital Credentials (ELM v3) against the EU's SHACL shapes, offline:
 * JSON-LD → RDF with jsonld (contexts from contexts.ts), into an n3 Store, validated with
 * rdf-validate-shacl against EDC-generic-full.ttl, whose owl:imports of EDC-generic-no-cv.ttl is
 * resolved from the vendored file (importGraph). Vocabulary membership is checked on top
 * (vocabularies.ts). The shapes are parsed once per process; a validation takes tens of ms.
 */
import jsonld from "jsonld";
import { Parser, Store } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { documentLoader } from "./contexts.js";
import { standardFile, standardJson } from "./files.js";
import { vocabularyOf } from "./vocabularies.js";

export interface Violation {
  /** Where in the document: a JSON path such as `credentialSubject.hasClaim.specifiedBy.eqfLevel`. */
  path: string;
  message: string;
  /** The shape and constraint, e.g. `edc:QualificationShape/sh:MinCountConstraintComponent`. */
  constraint: string;
  severity: "violation" | "warning" | "info";
}

const NO_CV = "http://data.europa.eu/snb/model/ap/edc-generic-no-cv";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SKOS = "http://www.w3.org/2004/02/skos/core#";

const PREFIXES: [string, string][] = [
  ["http://data.europa.eu/snb/model/ap/edc-generic-no-cv/", "edc:"],
  ["http://data.europa.eu/snb/model/ap/edc-generic-full/", "edc-full:"],
  ["http://www.w3.org/ns/shacl#", "sh:"],
  ["http://data.europa.eu/snb/model/elm/", "elm:"],
  ["https://www.w3.org/2018/credentials#", "cred:"],
  ["http://purl.org/dc/terms/", "dc:"],
  [SKOS, "skos:"],
];

function short(iri: string): string {
  for (const [ns, prefix] of PREFIXES) if (iri.startsWith(ns)) return prefix + iri.slice(ns.length);
  return iri;
}

function parseTurtle(text: string): Store {
  return new Store(new Parser({ format: "text/turtle" }).parse(text));
}

let validator: SHACLValidator | undefined;

function shaclValidator(): SHACLValidator {
  validator ??= new SHACLValidator(parseTurtle(standardFile("EDC-generic-full.ttl")), {
    importGraph: (iri) => {
      if (iri.value === NO_CV) return parseTurtle(standardFile("EDC-generic-no-cv.ttl"));
      throw new Error(`the EDC shapes import ${iri.value}, which is not held locally`);
    },
  });
  return validator;
}

/** Context term for each property IRI, to name paths as the JSON does. */
let termsByIri: Map<string, string> | undefined;
function termOf(iri: string): string {
  if (!termsByIri) {
    termsByIri = new Map();
    const ctx = standardJson<{ "@context": Record<string, unknown> }>("edc-ap-context.jsonld")[
      "@context"
    ];
    const prefixes = new Map<string, string>();
    for (const [k, v] of Object.entries(ctx))
      if (typeof v === "string" && /[/#]$/.test(v)) prefixes.set(k, v);
    const expand = (curie: string) => {
      const i = curie.indexOf(":");
      const ns = i > 0 ? prefixes.get(curie.slice(0, i)) : undefined;
      return ns ? ns + curie.slice(i + 1) : curie;
    };
    for (const [term, def] of Object.entries(ctx)) {
      const id = typeof def === "string" ? def : (def as { "@id"?: string })?.["@id"];
      if (typeof id === "string" && !termsByIri.has(expand(id))) termsByIri.set(expand(id), term);
    }
    // The VC v1 context's terms for the W3C credential properties.
    for (const t of [
      "issued",
      "issuer",
      "credentialSubject",
      "validFrom",
      "validUntil",
      "credentialSchema",
      "credentialStatus",
      "evidence",
      "proof",
      "expirationDate",
      "issuanceDate",
    ]) {
      termsByIri.set(`https://www.w3.org/2018/credentials#${t}`, t);
    }
  }
  return termsByIri.get(iri) ?? short(iri);
}

/** JSON paths of the nodes of a document, by their `id`. */
function nodePaths(doc: unknown): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`);
      return;
    }
    if (!v || typeof v !== "object") return;
    const node = v as Record<string, unknown>;
    if (typeof node.id === "string" && !paths.has(node.id)) paths.set(node.id, path || "(root)");
    for (const [k, x] of Object.entries(node))
      if (k !== "@context") walk(x, path ? `${path}.${k}` : k);
  };
  walk(doc, "");
  return paths;
}

export class JsonLdError extends Error {}

/**
 * The document's RDF graph (contexts served locally), and the properties that JSON-LD dropped
 * because no context defines them (a typo such as `eqfLevell` would otherwise pass unseen).
 */
export async function toStore(doc: unknown): Promise<{ store: Store; dropped: string[] }> {
  let nquads: string;
  const dropped: string[] = [];
  try {
    nquads = (await jsonld.toRDF(
      doc as jsonld.JsonLdDocument,
      {
        format: "application/n-quads",
        documentLoader,
        eventHandler: ({ event }: { event: { code: string; details?: { property?: string } } }) => {
          if (event.code === "invalid property" && event.details?.property)
            dropped.push(event.details.property);
        },
      } as never,
    )) as unknown as string;
  } catch (e) {
    const err = e as { message?: string; details?: { cause?: Error } };
    const cause = err.details?.cause?.message;
    throw new JsonLdError(cause ?? err.message ?? String(e));
  }
  return { store: new Store(new Parser({ format: "N-Quads" }).parse(nquads)), dropped };
}

/** Validates an ELM document (a credential, or a specification) with the EU shapes and vocabularies. */
export async function validateElm(doc: unknown): Promise<Violation[]> {
  const { store, dropped } = await toStore(doc);
  const report = await shaclValidator().validate(store);
  const paths = nodePaths(doc);
  const out: Violation[] = [];
  for (const property of [...new Set(dropped)])
    out.push({
      path: property,
      message: `\`${property}\` is not a term of the document's JSON-LD contexts, so it carries no data (a misspelt property?)`,
      constraint: "json-ld/undefined-term",
      severity: "violation",
    });
  if (store.size === 0 || store.getQuads(null, RDF_TYPE, null, null).length === 0)
    out.push({
      path: "@context",
      message:
        "the document states no typed node: its @context does not define `id` and `type` (an ELM document needs the W3C credentials v1 and the EDC contexts)",
      constraint: "json-ld/empty-graph",
      severity: "violation",
    });
  const where = (focus: string, prop?: string) => {
    const base = paths.get(focus) ?? focus;
    return prop ? `${base === "(root)" ? "" : `${base}.`}${termOf(prop)}` : base;
  };
  for (const r of report.results) {
    const focus = r.focusNode?.value ?? "";
    const prop = r.path && r.path.termType === "NamedNode" ? r.path.value : undefined;
    const messages = (r.message ?? []).map((m) => m.value).filter(Boolean);
    const severity = r.severity?.value.endsWith("Warning")
      ? "warning"
      : r.severity?.value.endsWith("Info")
        ? "info"
        : "violation";
    out.push({
      path: where(focus, prop),
      message: (messages.join("; ") || "does not conform").replace(
        /<([^>\s]+)>/g,
        (_, iri: string) => short(iri),
      ),
      constraint: `${short(r.sourceShape?.termType === "NamedNode" ? r.sourceShape.value : "(anonymous shape)")}/${short(r.sourceConstraintComponent?.value ?? "")}`,
      severity,
    });
  }
  // Concepts of vocabularies held in full must exist in them.
  for (const q of store.getQuads(null, RDF_TYPE, `${SKOS}Concept`, null)) {
    const iri = q.subject.value;
    if (q.subject.termType !== "NamedNode") continue;
    const vocabulary = vocabularyOf(iri);
    if (vocabulary && !vocabulary.concepts.has(iri)) {
      out.push({
        path: where(iri),
        message: `${iri} is not a concept of the ${vocabulary.label} vocabulary`,
        constraint: "vocabulary/membership",
        severity: "violation",
      });
    }
  }
  return out.sort(
    (a, b) => a.path.localeCompare(b.path) || a.constraint.localeCompare(b.constraint),
  );
}
