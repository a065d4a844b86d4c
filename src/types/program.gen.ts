/* Generated from schemas/program.schema.json by `npm run gen:types`. Do not edit. */

/**
 * A course or certificate program from which `supplement` builds an ECTS/EQF certificate supplement.
 */
export interface Program {
  /**
   * Optional URI of this schema, for editors that do not read the yaml-language-server comment.
   */
  $schema?: string;
  /**
   * The program's identifier: lower-case letters, digits and hyphens. Used in file names and on every page footer.
   */
  id: string;
  /**
   * The program's full name as printed on the certificate. Text, or {language: text}.
   */
  title: string;
  /**
   * What kind of credential the program leads to.
   */
  credentialType?:
    | "professional-certificate"
    | "micro-credential"
    | "certificate-program"
    | "course"
    | "short-learning-programme"
    | "module"
    | "degree-programme"
    | "other";
  /**
   * A short paragraph that says what the program is about and for whom. Text, or {language: text}.
   */
  description?: string;
  issuer: Issuer;
  /**
   * Languages of instruction and assessment as ISO 639-1 codes, e.g. en, de.
   *
   * @minItems 1
   */
  languages?: string[];
  /**
   * EQF level of the learning experience: an integer 1-8, or a range such as 5-6.
   */
  eqfLevel?: number | string;
  /**
   * Optional note that explains the level, e.g. why a range is given. Text, or {language: text}.
   */
  eqfNote?: string;
  /**
   * ISCED-F 2013 field of study code (2 to 4 digits), e.g. 0613 for software and applications development.
   */
  fieldOfStudy?: string;
  /**
   * Learning outcomes of the whole program (at least one).
   *
   * @minItems 1
   */
  learningOutcomes?: string[];
  /**
   * The modules (courses) of the program, in order; shared modules can come from the catalog with `- ref: <id>`.
   *
   * @minItems 1
   */
  modules: Module[];
  assessment?: Assessment;
  modeOfStudy?: ModeOfStudy;
  qualityAssurance?: QualityAssurance;
  /**
   * What learners need before they start, or 'none'. Text, or {language: text}.
   */
  prerequisites?: string;
  /**
   * How the program relates to other programs or can count towards further study. Text, or {language: text}.
   */
  stackability?: string;
  creditPolicy?: CreditPolicy;
  declared?: DeclaredTotals;
  /**
   * Anything else a reader should know (Diploma Supplement section 6). Text, or {language: text}.
   */
  additionalInformation?: string;
  signature?: Signature;
}
/**
 * The body that issues the certificate.
 */
export interface Issuer {
  /**
   * Legal name of the issuing body.
   */
  name: string;
  /**
   * Country of the issuer as an ISO 3166-1 alpha-2 code, e.g. US or DE.
   */
  country?: string;
  /**
   * The issuer's legal identifier (e.g. its VAT, company register or LEI number), which a European Digital Credential's issuer must carry (eIDAS legal identifier); without it `issue` writes no ELM credentials. Its country is `country`.
   */
  legalIdentifier?: string;
  /**
   * Web address of the issuer.
   */
  url?: string;
  /**
   * The awarding body, when it differs from the issuer (EU micro-credential element 4).
   */
  awardingBody?: string;
  /**
   * Content or delivery partners.
   *
   * @minItems 1
   */
  partners?: Partner[];
  /**
   * The issuer's logo, printed in the title block: a local SVG, PNG or JPEG file of at most 1 MB, relative to the program file (no web address). SVGs are sanitised; the image is embedded in the PDF.
   */
  logo?: string;
}
/**
 * One partner.
 */
export interface Partner {
  /**
   * Partner's name.
   */
  name: string;
  /**
   * What the partner contributes, e.g. 'content partner'. Text, or {language: text}.
   */
  role?: string;
  /**
   * The partner's logo, printed beside the issuer's: a local SVG, PNG or JPEG file of at most 1 MB, relative to the program file (no web address). SVGs are sanitised; the image is embedded in the PDF.
   */
  logo?: string;
}
/**
 * One module of the program: either written out (id, title, hours …) or a `ref:` to a module of the catalog.
 */
export interface Module {
  /**
   * The module's identifier, unique within the program; a module with the same id in several programs is the same module.
   */
  id: string;
  /**
   * The module's title. Text, or {language: text}.
   */
  title: string;
  /**
   * Notional learning hours of the module (all learning activities and assessment); more than zero (rule coherence/module-hours).
   */
  hours?: number;
  /**
   * A short description of the module. Text, or {language: text}.
   */
  description?: string;
  /**
   * Learning outcomes of this module.
   *
   * @minItems 1
   */
  learningOutcomes?: string[];
}
/**
 * How learners are assessed.
 */
export interface Assessment {
  /**
   * The assessment methods used.
   *
   * @minItems 1
   */
  methods?: AssessmentMethod[];
  /**
   * Overall description of the assessment and what is required to obtain the certificate. Text, or {language: text}.
   */
  description?: string;
  /**
   * Minimum score to pass graded items, in percent.
   */
  passMark?: number;
  identityVerification?: IdentityVerification;
}
/**
 * One assessment method.
 */
export interface AssessmentMethod {
  /**
   * The kind of assessment (aligned with the Europass assessment vocabulary).
   */
  type:
    | "auto-graded-quiz"
    | "practice-quiz"
    | "in-video-quiz"
    | "quiz"
    | "hands-on-lab"
    | "hands-on-project"
    | "capstone-project"
    | "project-work"
    | "peer-review"
    | "peer-reviewed-assignment"
    | "peer-assessment"
    | "self-review"
    | "marked-assignment"
    | "written-examination"
    | "oral-examination"
    | "practical-assessment"
    | "portfolio"
    | "continuous-evaluation"
    | "group-performance"
    | "problem-based-learning"
    | "artefact-assessment"
    | "level-of-attendance";
  /**
   * Summative assessments count towards the certificate; formative ones give feedback only.
   */
  purpose?: "summative" | "formative";
  /**
   * What the learner does in this assessment. Text, or {language: text}.
   */
  description?: string;
}
/**
 * How the learner's identity is verified.
 */
export interface IdentityVerification {
  /**
   * Whether identity verification is required before the certificate is issued.
   */
  required: boolean;
  /**
   * How identity is verified, e.g. 'government-issued photo ID'. Text, or {language: text}.
   */
  method?: string;
}
/**
 * How the program is studied.
 */
export interface ModeOfStudy {
  /**
   * Form of participation.
   */
  delivery?: "online" | "onsite" | "blended";
  /**
   * Full-time or part-time study.
   */
  schedule?: "full-time" | "part-time";
  /**
   * Who sets the pace.
   */
  pace?: "self-paced" | "instructor-paced" | "cohort-based";
  /**
   * Typical study load per week, in hours.
   */
  hoursPerWeek?: number;
  /**
   * Typical duration, in weeks.
   */
  durationWeeks?: number;
  /**
   * When learners can start, e.g. 'continuous enrolment'. Text, or {language: text}.
   */
  start?: string;
}
/**
 * External quality assurance of the program (EU micro-credential element 11).
 */
export interface QualityAssurance {
  /**
   * Kind of quality assurance.
   */
  type?:
    | "program-accreditation"
    | "program-certification"
    | "institutional-accreditation"
    | "institutional-quality-assurance"
    | "internal";
  /**
   * The accreditation or quality assurance body.
   */
  body: string;
  /**
   * Web address of the body or of the decision.
   */
  url?: string;
  /**
   * Project or decision reference, e.g. 25/036.
   */
  reference?: string;
  /**
   * Date of the decision (YYYY-MM-DD).
   */
  decisionDate?: string;
  /**
   * Start of the accreditation period (YYYY-MM-DD).
   */
  validFrom?: string;
  /**
   * End of the accreditation period (YYYY-MM-DD).
   */
  validUntil?: string;
  /**
   * Conditions attached to the decision, if any. Text, or {language: text}.
   */
  conditions?: string;
}
/**
 * Overrides the credit policy for this program.
 */
export interface CreditPolicy {
  /**
   * Hours of learning per ECTS credit; the ECTS guide allows 25 to 30 (rule coherence/hours-per-credit).
   */
  hoursPerCredit?: number;
  /**
   * How the exact quotient becomes credits: floor (round down), half-up (to the nearest whole credit), half-credits (down to a multiple of 0.5).
   */
  rounding?: "floor" | "half-up" | "half-credits";
}
/**
 * Totals stated elsewhere (e.g. in the accreditation report); they must agree with the computed values.
 */
export interface DeclaredTotals {
  /**
   * Declared total learning hours.
   */
  hours?: number;
  /**
   * Declared ECTS credits.
   */
  ects?: number;
}
/**
 * The certification block at the end of the supplement and on the holder page of issued ones (Diploma Supplement section 7): place and date, who signs, and the seal.
 */
export interface Signature {
  /**
   * Where the supplement is issued, printed before the date, e.g. Mountain View, California. Text, or {language: text}.
   */
  place?: string;
  /**
   * Who signs, in order.
   *
   * @minItems 1
   */
  signatories?: {
    /**
     * The signatory's name.
     */
    name: string;
    /**
     * The signatory's capacity, e.g. Registrar. Text, or {language: text}.
     */
    role: string;
    /**
     * An image of the signature: a local SVG, PNG or JPEG file of at most 1 MB, relative to the program file (no web address). SVGs are sanitised; the image is embedded in the PDF.
     */
    signature?: string;
  }[];
  /**
   * The issuer's seal or stamp: a local SVG, PNG or JPEG file of at most 1 MB, relative to the program file (no web address). SVGs are sanitised; the image is embedded in the PDF.
   */
  seal?: string;
}
