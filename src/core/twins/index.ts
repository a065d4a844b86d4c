/**
 * The machine-readable twins of a supplement, as files: for a program (export, build) and for a
 * learner (issue). Same inputs, same bytes. Pure.
 */
import { createHash } from "node:crypto";
import { createTranslator, isLang, type Lang } from "../i18n/index.js";
import type { Learner } from "../learners.js";
import { resolveTexts } from "../text.js";
import { parseEqfLevel } from "../vocab.js";
import { displayCard } from "./display.js";
import { elmCredential, elmSpecificationDocument } from "./elm.js";
import { twinText } from "./json.js";
import { ob3AchievementDocument, ob3Credential, ob3CredentialId } from "./ob3.js";
import type { TwinSource } from "./source.js";

export type { TwinSource } from "./source.js";

export type TwinKind = "elm" | "ob3";
export type TwinChoice = "none" | "elm" | "ob3" | "all";
export const TWIN_CHOICES: readonly TwinChoice[] = ["none", "elm", "ob3", "all"];

export function twinKinds(choice: TwinChoice): TwinKind[] {
  return choice === "all" ? ["elm", "ob3"] : choice === "none" ? [] : [choice];
}

export interface TwinFile {
  kind: TwinKind;
  /** File name, e.g. full-stack.elm.jsonld or C-123.edc.jsonld. */
  name: string;
  mime: string;
  description: string;
  text: string;
}

export const TWIN_MIME = "application/ld+json";

/** The file name of a learner twin's signed form: X.ob3.json → X.ob3.jwt, X.edc.jsonld → X.edc.jades.json. */
export function securedName(kind: TwinKind, name: string): string {
  return kind === "ob3"
    ? name.replace(/\.json$/, ".jwt")
    : name.replace(/\.jsonld$/, ".jades.json");
}

/** A program's twins: its ELM Qualification and its OB3 Achievement, named after `base`. */
export function programTwins(
  source: TwinSource,
  base: string,
  kinds: readonly TwinKind[],
): TwinFile[] {
  const out: TwinFile[] = [];
  if (kinds.includes("elm"))
    out.push({
      kind: "elm",
      name: `${base}.elm.jsonld`,
      mime: TWIN_MIME,
      description: "The program as a European Learning Model (ELM v3) Qualification",
      text: twinText(elmSpecificationDocument(source)),
    });
  if (kinds.includes("ob3"))
    out.push({
      kind: "ob3",
      name: `${base}.ob3.json`,
      mime: TWIN_MIME,
      description: "The program as an Open Badges 3.0 Achievement",
      text: twinText(ob3AchievementDocument(source)),
    });
  return out;
}

export interface LearnerTwinOptions {
  /** The credential's entry in a W3C Bitstring Status List (revocation), carried by the OB3 credential. */
  status?: { listUrl: string; index: number };
  issueDate: string;
  verifyUrl?: string;
  includeEmail?: boolean;
  /** The languages of the document (display images), first the primary. */
  langs: readonly string[];
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * A learner's twins: a European Digital Credential (only when the issuer has a legal identifier,
 * which the EDC issuer shape requires) and an OB3 AchievementCredential.
 */
export function learnerTwins(
  source: TwinSource,
  learner: Learner,
  kinds: readonly TwinKind[],
  options: LearnerTwinOptions,
): TwinFile[] {
  const { program, workload } = source;
  const out: TwinFile[] = [];
  const legalIdentifier = program.issuer.legalIdentifier;
  if (kinds.includes("elm") && legalIdentifier) {
    const langs = options.langs.filter(isLang);
    const shown: Lang[] = langs.length ? langs : ["en"];
    const eqf = parseEqfLevel(program.eqfLevel);
    const displays: [string, string][] = shown.map((lang) => [
      lang,
      displayCard(
        {
          title: program.title,
          issuer: program.issuer.name,
          learner,
          credits: workload.credits,
          ...(eqf ? { eqf: eqf.text } : {}),
          issueDate: options.issueDate,
        },
        lang,
      ),
    ]);
    const displayTitle: Record<string, string> = {};
    for (const lang of shown) displayTitle[lang] = createTranslator([lang]).t("doc.type");
    out.push({
      kind: "elm",
      name: `${learner.credentialId}.edc.jsonld`,
      mime: TWIN_MIME,
      description: "This supplement as a European Digital Credential (ELM v3)",
      text: twinText(
        elmCredential(
          source,
          {
            learner,
            issueDate: options.issueDate,
            ...(options.verifyUrl ? { verifyUrl: options.verifyUrl } : {}),
            ...(options.includeEmail ? { includeEmail: true } : {}),
            legalIdentifier,
            displays,
            langs: shown,
            displayTitle,
          },
          sha256,
        ),
      ),
    });
  }
  if (kinds.includes("ob3"))
    out.push({
      kind: "ob3",
      name: `${learner.credentialId}.ob3.json`,
      mime: TWIN_MIME,
      description: "This supplement as an Open Badges 3.0 AchievementCredential",
      text: twinText(
        ob3Credential(source, {
          learner,
          issueDate: options.issueDate,
          id: ob3CredentialId(program.id, learner, options.verifyUrl),
          ...(options.status ? { status: options.status } : {}),
          ...(options.includeEmail ? { includeEmail: true } : {}),
        }),
      ),
    });
  return out;
}

/** The twin source of an analysed program, in the document's first language. */
export function twinSourceOf(
  analysis: {
    program?: TwinSource["program"] | undefined;
    localized?: unknown;
    sourceLang?: string;
    workload?: TwinSource["workload"] | undefined;
  },
  lang?: string,
): TwinSource | undefined {
  if (!analysis.program || !analysis.workload) return undefined;
  const sourceLang = analysis.sourceLang ?? "en";
  const localized = analysis.localized ?? analysis.program;
  // The text in the output language, without the marks a document puts on untranslated text.
  const program = resolveTexts(localized, { lang: lang ?? sourceLang, source: sourceLang })
    .value as TwinSource["program"];
  return {
    program,
    localized,
    sourceLang,
    lang: lang ?? sourceLang,
    workload: analysis.workload,
  };
}
