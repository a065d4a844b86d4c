/**
 * The files `supplement init` writes: a project that `check` and `build` accept at once, with a
 * commented example program that explains every field. Pure: the caller writes the files.
 */

export interface ScaffoldOptions {
  /** The issuing body's legal name. */
  issuer: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Lower-case letters, digits and hyphens. */
  programId: string;
  programTitle: string;
  /** supplement's version, named in the generated files. */
  version: string;
}

export interface ScaffoldFile {
  /** Relative to the project folder, with "/" separators. */
  path: string;
  content: string;
}

export const PROGRAM_ID = /^[a-z0-9][a-z0-9-]*$/;

/** A YAML scalar written safely: quoted with JSON's rules (YAML accepts them). */
const q = (s: string) => JSON.stringify(s);

function program(o: ScaffoldOptions): string {
  return `# yaml-language-server: $schema=../schemas/program.schema.json
# An example program: replace the text with your own. Every field is explained below and in
# schemas/program.schema.json (your editor shows the explanations on hover). Run
#   supplement check        to see whether it meets the accreditation condition (FIBAA 3.1.2)
#   supplement build programs/${o.programId}.yaml   to print its certificate supplement (out/)

# Lower-case letters, digits and hyphens; printed in every page footer.
id: ${o.programId}
# The program's full name, as on the certificate.
title: ${q(o.programTitle)}
# professional-certificate, micro-credential, certificate-program, course, short-learning-programme,
# module, degree-programme or other.
credentialType: certificate-program
# A short paragraph: what the program is about and for whom. A text field may also be given in
# several languages: {en: …, de: …}; supplement build --lang de then prints the German.
description: >-
  An online program that teaches the fundamentals of data analysis: cleaning data, analysing it
  with spreadsheets and Python, and presenting the results to decision makers.
# Who issues the certificate.
issuer:
  # The issuing body's legal name, and its country (ISO 3166-1 alpha-2, e.g. DE, FR, US).
  name: ${q(o.issuer)}
  country: ${o.country}
  # Optional: the issuer's web address, an awarding body when it differs from the issuer
  # (awardingBody:), and partners:
  # url: https://www.example.org
  # partners:
  #   - name: Example Partner
  #     role: content partner
# Languages of instruction and assessment (ISO 639-1); the first is the language the text is in.
languages: [en]
# The level in the European Qualifications Framework: 1 to 8, or a range such as "5-6".
# FIBAA certifies levels 5 to 8.
eqfLevel: 6
# Optional: an ISCED-F 2013 field code (quoted: it has a leading zero). 0542 = statistics.
fieldOfStudy: "0542"
# What a learner can do at the end, one sentence each, starting with an action verb.
learningOutcomes:
  - Combine, clean and validate data sets from several sources with spreadsheets and Python.
  - Analyse data with descriptive statistics and choose suitable methods for a question.
  - Present findings in clear charts and short reports for people who make decisions.
# The modules with their notional learning hours. Credits are computed from the total
# (25 hours per ECTS credit, rounded down, unless creditPolicy: or the configuration says
# otherwise). A module shared by several programs is defined once in modules/ and referred to
# with - ref: <id>.
modules:
  - ref: data-analysis-foundations
  - id: ${o.programId}-python-analysis
    title: Data Analysis with Python
    hours: 40
    # Optional: description: and learningOutcomes: of the module.
  - id: ${o.programId}-capstone
    title: Capstone Project
    hours: 25
# How learners are assessed: each method's type (see schemas/program.schema.json for the list),
# whether it counts (summative) or gives feedback only (formative), and what it is.
assessment:
  methods:
    - type: auto-graded-quiz
      purpose: summative
      description: Every module ends with a graded quiz.
    - type: capstone-project
      purpose: summative
      description: A final project in which learners analyse a real data set and present it.
    - type: practice-quiz
      purpose: formative
      description: Ungraded practice quizzes with feedback.
  description: >-
    To obtain the certificate, a learner completes every module and passes each graded item
    with a score of at least 80%.
  # The pass mark in percent, and whether identity is verified before the certificate is issued.
  passMark: 80
  identityVerification:
    required: true
    method: A government-issued photo ID is checked before the certificate is issued.
# How the program is taken: online, onsite or blended; full-time or part-time; self-paced,
# instructor-paced or cohort-based. With hoursPerWeek the document estimates the duration.
modeOfStudy:
  delivery: online
  schedule: part-time
  pace: self-paced
  hoursPerWeek: 8
  start: Learners can start at any time.
# The external quality assurance, if any (the FIBAA profile warns when it is missing):
# qualityAssurance:
#   type: program-certification
#   body: FIBAA
#   reference: "00/000"
#   decisionDate: 2026-01-15
#   validFrom: 2026-01-15
#   validUntil: 2031-01-14
# What learners need before they start (optional: where a field is left out, the document
# says why).
prerequisites: None; the program starts from the beginning.
# How the program counts towards others, or stands alone (optional).
stackability: Stand-alone certificate; its credits can be recognised towards other programs.
# Optional: totals stated elsewhere (in a contract, on the web); they must agree with the modules.
declared:
  hours: 100
  ects: 4
`;
}

function modules(): string {
  return `# yaml-language-server: $schema=../schemas/modules.schema.json
# Modules that several programs share, defined once. A program refers to one with
#   modules:
#     - ref: data-analysis-foundations
# and gets its title, hours and outcomes from here.
modules:
  - id: data-analysis-foundations
    title: Foundations of Data Analysis
    hours: 35
    learningOutcomes:
      - Describe the steps of a data analysis project, from question to presentation.
`;
}

function config(): string {
  return `# yaml-language-server: $schema=./schemas/config.schema.json
# supplement's configuration for this project; every key is optional.
# The profile programs are checked against: fibaa (FIBAA criterion 3.1.2) or eu-microcredential.
profile: fibaa
# Severities per rule (off, info, warning, error); \`supplement rules\` lists the rules.
rules:
  quality/quality-assurance: info
# The language of the supplements: en, de or fr, or two for a bilingual document (de,en).
# language: en
build:
  outDir: out
`;
}

function workflow(o: ScaffoldOptions): string {
  return `# Checks every program against the accreditation condition on each push and pull request, shows
# the findings in the pull request (SARIF), and keeps the built supplements as an artifact.
name: supplement
on:
  push:
  pull_request:
permissions:
  contents: read
  security-events: write
jobs:
  supplements:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      # supplement ${o.version}: install it from where your organisation keeps it, e.g. a git URL.
      - run: npm install --no-save supplement@${o.version}
      - run: sudo apt-get update && sudo apt-get install -y chromium-browser || sudo apt-get install -y chromium
      - name: Check the programs
        run: npx supplement check programs/ -f stylish -f sarif -o supplement.sarif
      - name: Show the findings in the pull request
        if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: supplement.sarif
      - name: Build the supplements
        run: npx supplement build programs/ -o out
      - uses: actions/upload-artifact@v4
        with:
          name: supplements
          path: out/*.pdf
`;
}

function readme(o: ScaffoldOptions): string {
  return `# Certificate supplements of ${o.issuer}

Programs are defined in \`programs/*.yaml\`; modules that several programs share in
\`modules/*.yaml\`. supplement turns each program into an ECTS/EQF certificate supplement (PDF).

\`\`\`sh
supplement check                          # do all programs meet the accreditation condition?
supplement build programs/ -o out         # one PDF per program, in out/
supplement build programs/ --lang de      # in German (or fr, or de,en for both)
supplement preview programs/<id>.yaml    # the supplement in a browser, updated as you edit
supplement doctor                         # is everything a build needs in place?
\`\`\`

Your editor completes and explains every field when it has the YAML language server (VS Code,
IntelliJ, Neovim): the first line of each file points at \`schemas/\`, written by
\`supplement init\` (supplement ${o.version}). \`.github/workflows/supplement.yml\` runs the check
on every push and keeps the PDFs as an artifact.
`;
}

const GITIGNORE = `out/
node_modules/
supplement.sarif
`;

/** The project's files, schemas excepted (the caller copies them from the package). */
export function scaffold(o: ScaffoldOptions): ScaffoldFile[] {
  return [
    { path: `programs/${o.programId}.yaml`, content: program(o) },
    { path: "modules/shared.yaml", content: modules() },
    { path: "supplement.config.yaml", content: config() },
    { path: ".github/workflows/supplement.yml", content: workflow(o) },
    { path: ".gitignore", content: GITIGNORE },
    { path: "README.md", content: readme(o) },
  ];
}
