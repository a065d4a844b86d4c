/**
 * European Learning Model (ELM v3) twins, for the EU's European Digital Credentials:
 * - the program as a specification (`Qualification`), for `export`;
 * - a learner's `EuropeanDigitalCredential`, for `issue`.
 * Valid against the EU shapes EDC-generic-full.ttl (standards/shacl.ts checks it). Pure.
 *
 * ELM allows one EQF level. A program at a range (5-6) exports the lower bound, with the range in
 * an additional note; the PDF prints the range.
 */
import type { Learner } from "../learners.js";
import { ASSESSMENT_TYPES, countryByCode, iscedLabel, parseEqfLevel } from "../vocab.js";
import { type Concept, ECTS, languageConcept, nal, snb } from "./concepts.js";
import { uuidFromDigest } from "./json.js";
import { oncePerSource, plain, slug, type TwinSource, texts } from "./source.js";

export const EDC_CONTEXT = [
  "https://www.w3.org/2018/credentials/v1",
  "http://data.europa.eu/snb/model/context/edc-ap",
];

type Node = Record<string, unknown>;

/** Node ids: stable URNs under the program's id. */
export function elmIds(programId: string) {
  const base = `urn:supplement:${programId}`;
  return {
    qualification: `${base}:qualification`,
    node: (kind: string, n?: number | string) => `${base}:${kind}${n === undefined ? "" : `:${n}`}`,
  };
}

const DELIVERY_MODE: Record<string, [string, string]> = {
  online: ["920fbb3cbe", "Online"],
  blended: ["e92d221e4d", "Blended"],
  onsite: ["9191af2ed9", "Presential"],
};

const OPPORTUNITY_TYPE: Record<string, [string, string]> = {
  course: ["05053c1cbe", "Course"],
  module: ["0f7dac46ca", "Programme module"],
  "degree-programme": ["79343569f3", "Educational programme"],
  "professional-certificate": ["74a4a268e8", "Short learning programme"],
  "micro-credential": ["74a4a268e8", "Short learning programme"],
  "certificate-program": ["74a4a268e8", "Short learning programme"],
  "short-learning-programme": ["74a4a268e8", "Short learning programme"],
};

function note(id: string, literal: Record<string, string> | undefined): Node | undefined {
  return literal ? { id, type: "Note", noteLiteral: literal } : undefined;
}

function country(alpha2: string | undefined): Concept | undefined {
  const c = alpha2 ? countryByCode(alpha2) : undefined;
  return c?.nal ? { ...nal("country", c.alpha3, c.name), id: c.nal } : undefined;
}

/** The issuer (or awarding body) as an ELM Organisation, with its country as an EU country URI. */
export function elmOrganisation(source: TwinSource, name?: string): Node {
  const { program } = source;
  const issuer = program.issuer;
  const legalName = name ?? issuer.name;
  const ids = elmIds(program.id);
  const key = slug(legalName);
  const countryCode = country(issuer.country);
  return {
    id: `urn:supplement:organisation:${key}`,
    type: "Organisation",
    legalName: plain(source, legalName),
    ...(countryCode
      ? {
          location: {
            id: ids.node("location", key),
            type: "Location",
            address: { id: ids.node("address", key), type: "Address", countryCode },
          },
        }
      : {}),
    ...(issuer.url && name === undefined
      ? { homepage: { id: ids.node("homepage", key), type: "WebResource", contentURL: issuer.url } }
      : {}),
  };
}

/** The program as an ELM Qualification (a learning achievement specification); made once per source. */
export const elmQualification = oncePerSource(makeQualification);

function makeQualification(source: TwinSource): Node {
  const { program, workload } = source;
  const ids = elmIds(program.id);
  const eqf = parseEqfLevel(program.eqfLevel);
  const languageConcepts = (program.languages ?? [])
    .map((l) => languageConcept(l))
    .filter((c): c is Concept => !!c);
  const mode = program.modeOfStudy?.delivery
    ? DELIVERY_MODE[program.modeOfStudy.delivery]
    : undefined;
  const opportunity = program.credentialType ? OPPORTUNITY_TYPE[program.credentialType] : undefined;
  const awarding = elmOrganisation(source, program.issuer.awardingBody);

  const notes: Node[] = [];
  let n = 0;
  const addNote = (literal: Record<string, string> | undefined) => {
    const made = note(ids.node("note", ++n), literal);
    if (made) notes.push(made);
  };
  if (eqf && eqf.min !== eqf.max) {
    addNote({
      en: `The program is placed at EQF levels ${eqf.min} to ${eqf.max}. ELM allows one level; the lower bound, ${eqf.min}, is given as eqfLevel.`,
    });
  }
  addNote(texts(source, ["eqfNote"]));
  addNote({ en: `Workload: ${workload.basis}.` });
  const qa = program.qualityAssurance;
  if (qa) {
    addNote({
      en: [
        `Quality assurance: ${qa.type ? `${qa.type.replaceAll("-", " ")} by ` : ""}${qa.body}`,
        qa.reference ? `, reference ${qa.reference}` : "",
        qa.decisionDate ? `, decided ${qa.decisionDate}` : "",
        qa.validUntil ? `, valid until ${qa.validUntil}` : "",
        ".",
      ].join(""),
    });
  }
  addNote(texts(source, ["stackability"]));
  addNote(texts(source, ["additionalInformation"]));

  const methods = program.assessment?.methods ?? [];
  const assessments = methods.map((m, i) => {
    const type = ASSESSMENT_TYPES[m.type];
    const code = type.elm.slice(type.elm.lastIndexOf("/") + 1);
    const description = texts(source, ["assessment", "methods", i, "description"]);
    return {
      id: ids.node("assessment", i + 1),
      type: "LearningAssessmentSpecification",
      title: { en: type.label },
      ...(description ? { description } : {}),
      dcType: snb("assessment", code),
      ...(mode ? { mode: snb("learning-assessment", mode[0], mode[1]) } : {}),
      ...(m.purpose === "formative"
        ? {
            additionalNote: [
              note(ids.node("assessment-note", i + 1), {
                en: "Formative: gives feedback and does not count towards the certificate.",
              }),
            ],
          }
        : {}),
    };
  });
  const grading = texts(source, ["assessment", "description"]);
  if (assessments[0] && (grading || program.assessment?.passMark !== undefined)) {
    (assessments[0] as Node).gradingScheme = {
      id: ids.node("grading-scheme"),
      type: "GradingScheme",
      title: {
        en:
          program.assessment?.passMark !== undefined
            ? `Pass mark ${program.assessment.passMark}%`
            : "Pass",
      },
      ...(grading ? { description: grading } : {}),
    };
  }

  const description = texts(source, ["description"]);
  const outcomes = (program.learningOutcomes ?? []).map((_, i) => ({
    id: ids.node("learning-outcome", i + 1),
    type: "LearningOutcome",
    title: texts(source, ["learningOutcomes", i]),
  }));
  const weeks = program.modeOfStudy?.durationWeeks;
  const entry = texts(source, ["prerequisites"]);

  return {
    id: ids.qualification,
    type: "Qualification",
    title: texts(source, ["title"]),
    ...(description ? { description } : {}),
    ...(opportunity ? { dcType: snb("learning-opportunity", opportunity[0], opportunity[1]) } : {}),
    ...(languageConcepts.length ? { language: languageConcepts } : {}),
    ...(eqf ? { eqfLevel: snb("eqf", String(eqf.min), `Level ${eqf.min}`) } : {}),
    ...(program.fieldOfStudy
      ? { thematicArea: snb("isced-f", program.fieldOfStudy, iscedLabel(program.fieldOfStudy)) }
      : {}),
    ...(outcomes.length ? { learningOutcome: outcomes } : {}),
    creditPoint: {
      id: ids.node("credit-point"),
      type: "CreditPoint",
      framework: ECTS,
      point: String(workload.credits),
    },
    volumeOfLearning: `PT${Math.round(workload.hours * 60)}M`.replace(/PT(\d+)M$/, (_, m) =>
      Number(m) % 60 === 0 ? `PT${Number(m) / 60}H` : `PT${m}M`,
    ),
    ...(weeks ? { maximumDuration: `P${weeks * 7}D` } : {}),
    ...(mode ? { mode: snb("learning-assessment", mode[0], mode[1]) } : {}),
    learningSetting:
      program.credentialType === "degree-programme"
        ? snb("learning-setting", "6fd4685715", "formal learning")
        : snb("learning-setting", "e207a81fc7", "non-formal learning"),
    ...(entry ? { entryRequirement: note(ids.node("entry-requirement"), entry) } : {}),
    ...(assessments.length ? { provenBy: assessments } : {}),
    awardingOpportunity: {
      id: ids.node("awarding-opportunity"),
      type: "AwardingOpportunity",
      awardingBody: awarding,
    },
    ...(notes.length ? { additionalNote: notes } : {}),
  };
}

/** A program's ELM twin: the Qualification as a JSON-LD document. */
export function elmSpecificationDocument(source: TwinSource): Node {
  return { "@context": EDC_CONTEXT, ...elmQualification(source) };
}

export interface CredentialFacts {
  learner: Learner;
  /** YYYY-MM-DD */
  issueDate: string;
  /** The verification page, if the issuer publishes one. */
  verifyUrl?: string;
  /** Include the learner's email (only when the configuration says so). */
  includeEmail?: boolean;
  /** The issuer's eIDAS legal identifier, required by the EDC issuer shape. */
  legalIdentifier: string;
  /** Display images, one per language of the document: [language code, SVG text]. */
  displays: [string, string][];
  /** Languages of the document, first the primary. */
  langs: readonly string[];
  /** The display title, per language. */
  displayTitle: Record<string, string>;
}

/** A learner's European Digital Credential. */
export function elmCredential(
  source: TwinSource,
  facts: CredentialFacts,
  digest: (s: string) => string,
): Node {
  const { program, workload } = source;
  const { learner } = facts;
  const credentialUuid = uuidFromDigest(digest(`${program.id}\n${learner.credentialId}`));
  const personKey = digest(`${program.id}\n${learner.learnerId}`).slice(0, 16);
  const c = (kind: string, n?: number | string) =>
    `urn:supplement:credential:${credentialUuid}:${kind}${n === undefined ? "" : `:${n}`}`;
  const at = (date: string) => `${date}T00:00:00Z`;
  const issuer = elmOrganisation(source);
  const issuerCountry = country(program.issuer.country);
  const qualification = elmQualification(source);
  const awarding = (qualification.awardingOpportunity as Node).awardingBody as Node;
  const awardedBy = {
    id: c("awarding-process"),
    type: "AwardingProcess",
    awardingBody: awarding,
    awardingDate: at(learner.completionDate),
  };
  const primary = facts.langs[0] ?? source.lang;
  const langConcept = (l: string) => languageConcept(l) ?? (languageConcept("en") as Concept);
  return {
    "@context": EDC_CONTEXT,
    id: `urn:credential:${credentialUuid}`,
    type: ["VerifiableCredential", "EuropeanDigitalCredential"],
    credentialProfiles: { ...snb("credential", "e34929035b"), prefLabel: { en: "Generic" } },
    credentialSchema: {
      id: "http://data.europa.eu/snb/model/ap/edc-generic-full",
      type: "ShaclValidator2017",
    },
    identifier: {
      id: c("identifier"),
      type: "Identifier",
      schemeName: "Credential ID",
      notation: learner.credentialId,
    },
    issued: at(facts.issueDate),
    validFrom: at(facts.issueDate),
    issuer: {
      ...issuer,
      eIDASIdentifier: {
        id: c("legal-identifier"),
        type: "LegalIdentifier",
        notation: facts.legalIdentifier,
        ...(issuerCountry ? { spatial: issuerCountry } : {}),
      },
    },
    credentialSubject: {
      id: `urn:supplement:person:${personKey}`,
      type: "Person",
      fullName: { [primary]: learner.name },
      identifier: {
        id: c("learner-identifier"),
        type: "Identifier",
        schemeName: "Learner ID",
        notation: learner.learnerId,
      },
      ...(facts.includeEmail && learner.email
        ? {
            contactPoint: {
              id: c("contact-point"),
              type: "ContactPoint",
              emailAddress: { id: `mailto:${learner.email}`, type: "Mailbox" },
            },
          }
        : {}),
      hasClaim: {
        id: c("learning-achievement"),
        type: "LearningAchievement",
        title: qualification.title,
        awardedBy,
        creditReceived: {
          id: c("credit-received"),
          type: "CreditPoint",
          framework: ECTS,
          point: String(workload.credits),
        },
        ...(learner.grade
          ? {
              provenBy: {
                id: c("assessment"),
                type: "LearningAssessment",
                title: { en: "Overall result" },
                grade: { id: c("grade"), type: "Note", noteLiteral: { [primary]: learner.grade } },
                awardedBy,
              },
            }
          : {}),
        specifiedBy: qualification,
      },
    },
    ...(facts.verifyUrl
      ? {
          supplementaryDocument: {
            id: c("verification-page"),
            type: "WebResource",
            contentURL: facts.verifyUrl,
            title: { en: "Verification page" },
          },
        }
      : {}),
    displayParameter: {
      id: c("display"),
      type: "DisplayParameter",
      title: facts.displayTitle,
      language: facts.langs.map(langConcept),
      primaryLanguage: langConcept(primary),
      individualDisplay: facts.displays.map(([lang, svg], i) => ({
        id: c("individual-display", i + 1),
        type: "IndividualDisplay",
        language: langConcept(lang),
        displayDetail: {
          id: c("display-detail", i + 1),
          type: "DisplayDetail",
          page: 1,
          image: {
            id: c("display-image", i + 1),
            type: "MediaObject",
            content: Buffer.from(svg, "utf8").toString("base64"),
            contentEncoding: { ...snb("encoding", "6146cde7dd"), prefLabel: { en: "base64" } },
            contentType: nal("file-type", "SVG", "SVG"),
          },
        },
      })),
    },
  };
}
