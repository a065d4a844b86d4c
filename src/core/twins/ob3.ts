/**
 * Open Badges 3.0 twins (1EdTech OB 3.0.3, on the W3C VC Data Model 2.0):
 * - the program as an `Achievement`, for `export`;
 * - a learner's `AchievementCredential` (`OpenBadgeCredential`), for `issue`.
 * OB3 has no fields for ECTS or the EQF: credits are `creditsAvailable`/`creditsEarned` (the
 * Edubadges mapping) and each EQF level is an `alignment` to data.europa.eu/snb/eqf/N. Pure.
 */
import type { Learner } from "../learners.js";
import { iscedLabel, parseEqfLevel } from "../vocab.js";
import { oncePerSource, slug, type TwinSource } from "./source.js";

export const OB3_CONTEXT = [
  "https://www.w3.org/ns/credentials/v2",
  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

type Node = Record<string, unknown>;

const ACHIEVEMENT_TYPE: Record<string, string> = {
  "professional-certificate": "Certificate",
  "micro-credential": "MicroCredential",
  "certificate-program": "Certificate",
  course: "Course",
  "short-learning-programme": "LearningProgram",
  module: "Course",
  "degree-programme": "Degree",
};

/** The issuer's OB3 Profile: its web address when it has one, else a stable URN. */
export function ob3Issuer(source: TwinSource): Node {
  const issuer = source.program.issuer;
  return {
    id: issuer.url ?? `urn:supplement:organisation:${slug(issuer.name)}`,
    type: ["Profile"],
    name: issuer.name,
    ...(issuer.url ? { url: issuer.url } : {}),
    ...(issuer.country
      ? { address: { type: ["Address"], addressCountryCode: issuer.country } }
      : {}),
  };
}

export function ob3AchievementId(programId: string): string {
  return `urn:supplement:${programId}:achievement`;
}

/** The program as an OB3 Achievement; made once per source. */
export const ob3Achievement = oncePerSource(makeAchievement);

function makeAchievement(source: TwinSource): Node {
  const { program, workload } = source;
  const eqf = parseEqfLevel(program.eqfLevel);
  const passMark = program.assessment?.passMark;
  const levels = eqf ? Array.from({ length: eqf.max - eqf.min + 1 }, (_, i) => eqf.min + i) : [];
  const criteria = [
    program.assessment?.description,
    passMark !== undefined ? `Pass mark: ${passMark}% on each graded item.` : undefined,
  ]
    .filter(Boolean)
    .join(" ");
  return {
    id: ob3AchievementId(program.id),
    type: ["Achievement"],
    ...(program.credentialType && ACHIEVEMENT_TYPE[program.credentialType]
      ? { achievementType: ACHIEVEMENT_TYPE[program.credentialType] }
      : {}),
    name: program.title,
    description:
      program.description ??
      `${program.title}: ${workload.credits} ECTS credits${eqf ? `, EQF level ${eqf.text}` : ""}.`,
    criteria: {
      narrative:
        criteria ||
        `Complete every module of the program (${workload.hours} hours of learning) and pass its assessment.`,
    },
    alignment: levels.map((level) => ({
      type: ["Alignment"],
      targetName: `EQF level ${level}`,
      targetUrl: `http://data.europa.eu/snb/eqf/${level}`,
      targetCode: String(level),
      targetFramework: "European Qualifications Framework",
      targetType: "ext:EQFLevel",
      ...(eqf && eqf.min !== eqf.max
        ? { targetDescription: `The program is placed at EQF levels ${eqf.min} to ${eqf.max}.` }
        : {}),
    })),
    creditsAvailable: workload.credits,
    ...(program.fieldOfStudy
      ? { fieldOfStudy: iscedLabel(program.fieldOfStudy) ?? program.fieldOfStudy }
      : {}),
    humanCode: program.id,
    inLanguage: source.lang,
    ...(passMark !== undefined
      ? {
          resultDescription: [
            {
              id: `urn:supplement:${program.id}:result-description:score`,
              type: ["ResultDescription"],
              name: "Score on each graded item",
              resultType: "Percent",
              requiredValue: String(passMark),
              valueMin: "0",
              valueMax: "100",
            },
          ],
        }
      : {}),
    creator: ob3Issuer(source),
    tag: ["ECTS", ...(eqf ? [`EQF ${eqf.text}`] : []), "certificate supplement"],
  };
}

/** A program's OB3 twin: the Achievement as a JSON-LD document. */
export function ob3AchievementDocument(source: TwinSource): Node {
  return { "@context": OB3_CONTEXT, ...ob3Achievement(source) };
}

export interface Ob3Facts {
  learner: Learner;
  /** YYYY-MM-DD */
  issueDate: string;
  /** The credential's id: its verification page, or a URN. */
  id: string;
  includeEmail?: boolean;
  /** Its entry in a Bitstring Status List (revocation). */
  status?: { listUrl: string; index: number };
}

export function ob3CredentialId(programId: string, learner: Learner, verifyUrl?: string): string {
  return verifyUrl ?? `urn:supplement:credential:${programId}:${learner.credentialId}`;
}

/** A learner's OB3 AchievementCredential. */
export function ob3Credential(source: TwinSource, facts: Ob3Facts): Node {
  const { program, workload } = source;
  const { learner } = facts;
  const achievement = ob3Achievement(source);
  const passMark = program.assessment?.passMark;
  return {
    "@context": OB3_CONTEXT,
    id: facts.id,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `${program.title}: ${learner.name}`,
    issuer: ob3Issuer(source),
    validFrom: `${facts.issueDate}T00:00:00Z`,
    awardedDate: `${learner.completionDate}T00:00:00Z`,
    ...(facts.status
      ? {
          credentialStatus: {
            id: `${facts.status.listUrl}#${facts.status.index}`,
            type: "BitstringStatusListEntry",
            statusPurpose: "revocation",
            statusListIndex: String(facts.status.index),
            statusListCredential: facts.status.listUrl,
          },
        }
      : {}),
    credentialSubject: {
      type: ["AchievementSubject"],
      identifier: [
        // The learner's name, as OB3 records a recipient without an identifier of its own.
        {
          type: "IdentityObject",
          hashed: false,
          identityHash: learner.name,
          identityType: "ext:name",
        },
        {
          type: "IdentityObject",
          hashed: false,
          identityHash: learner.learnerId,
          identityType: "sourcedId",
        },
        ...(facts.includeEmail && learner.email
          ? [
              {
                type: "IdentityObject",
                hashed: false,
                identityHash: learner.email,
                identityType: "emailAddress",
              },
            ]
          : []),
      ],
      achievement,
      creditsEarned: workload.credits,
      activityEndDate: `${learner.completionDate}T00:00:00Z`,
      ...(learner.grade
        ? {
            result: [
              {
                type: ["Result"],
                ...(passMark !== undefined
                  ? { resultDescription: `urn:supplement:${program.id}:result-description:score` }
                  : {}),
                value: learner.grade,
              },
            ],
          }
        : {}),
    },
  };
}
