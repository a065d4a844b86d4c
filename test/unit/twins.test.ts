/**
 * The machine-readable twins against the official definitions: the EU SHACL shapes (ELM) and
 * 1EdTech's JSON Schema (OB3), through the code the commands use (analysis → twins → validate).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Learner } from "../../src/core/learners.js";
import {
  learnerTwins,
  programTwins,
  type TwinSource,
  twinSourceOf,
} from "../../src/core/twins/index.js";
import { catalogDirs, loadCatalogs } from "../../src/io/catalog.js";
import { analyzeFiles } from "../../src/services/analyze.js";
import { validateTwin } from "../../src/standards/index.js";
import { ob3Schema } from "../../src/standards/ob3.js";
import { validateElm } from "../../src/standards/shacl.js";
import { BRANDED, ROOT } from "../helpers/programs.js";

const PROGRAMS = ["full-stack", "front-end", "back-end", "pr-communications"].map((p) =>
  join(ROOT, "programs", `${p}.yaml`),
);

const sources = new Map<string, TwinSource>();
beforeAll(async () => {
  const files = [...PROGRAMS, BRANDED];
  const { catalogs } = loadCatalogs(catalogDirs(undefined, files, ROOT), ROOT);
  const { analyses } = await analyzeFiles(files, { catalogs });
  for (const a of analyses) {
    expect(a.ok, a.file).toBe(true);
    sources.set(a.file, twinSourceOf(a) as TwinSource);
  }
});

const learner: Learner = {
  row: 2,
  name: "王小明",
  learnerId: "L-0001",
  completionDate: "2026-06-01",
  credentialId: "EX-0001",
  grade: "92%",
  email: "wang@example.org",
};

// biome-ignore lint/suspicious/noExplicitAny: the tests walk JSON documents freely
const parsed = (text: string) => JSON.parse(text) as Record<string, any>;
/** The learner's twin of one kind, made from the branded example and parsed. */
const brandedLearnerTwin = (kind: "elm" | "ob3") =>
  parsed(
    (
      learnerTwins(sources.get(BRANDED) as TwinSource, learner, [kind], {
        issueDate: "2026-07-01",
        langs: ["en"],
      })[0] as { text: string }
    ).text,
  );
const report = (v: { path: string; message: string; constraint: string }[]) =>
  v.map((x) => `${x.path}: ${x.message} (${x.constraint})`);

describe("program twins", () => {
  it.each([...PROGRAMS, BRANDED])(
    "%s: ELM and OB3 are valid, and the same each time",
    async (file) => {
      const source = sources.get(file) as TwinSource;
      const twins = programTwins(source, "x", ["elm", "ob3"]);
      expect(twins.map((t) => t.kind)).toEqual(["elm", "ob3"]);
      for (const twin of twins) {
        const doc = parsed(twin.text);
        expect(report(await validateTwin(doc, twin.kind))).toEqual([]);
      }
      expect(programTwins(source, "x", ["elm", "ob3"])).toEqual(twins);
    },
  );

  it("carries the facts of the supplement", () => {
    const source = sources.get(PROGRAMS[0] as string) as TwinSource;
    const [elm, ob3] = programTwins(source, "full-stack", ["elm", "ob3"]).map((t) =>
      parsed(t.text),
    );
    expect(elm?.type).toBe("Qualification");
    expect(elm?.title.de).toContain("Berufszertifikat"); // every language the YAML gives
    expect(elm?.eqfLevel.id).toBe("http://data.europa.eu/snb/eqf/6");
    expect(elm?.creditPoint.point).toBe("16");
    expect(elm?.volumeOfLearning).toBe("PT422H");
    expect(elm?.thematicArea.id).toBe("http://data.europa.eu/snb/isced-f/0613");
    expect(elm?.learningOutcome).toHaveLength(7);
    expect(elm?.awardingOpportunity.awardingBody.location.address.countryCode.id).toBe(
      "http://publications.europa.eu/resource/authority/country/USA",
    );
    expect(elm?.provenBy[0].dcType.id).toMatch(/^http:\/\/data\.europa\.eu\/snb\/assessment\//);
    expect(ob3?.creditsAvailable).toBe(16);
    expect(ob3?.alignment[0].targetUrl).toBe("http://data.europa.eu/snb/eqf/6");
    expect(ob3?.resultDescription[0]).toMatchObject({ resultType: "Percent", requiredValue: "80" });
    expect(ob3?.creator.address.addressCountryCode).toBe("US");
  });

  it("exports an EQF range as its lower bound, with the range in a note", async () => {
    const base = sources.get(PROGRAMS[0] as string) as TwinSource;
    const source = { ...base, program: { ...base.program, eqfLevel: "5-6" } };
    const [elm, ob3] = programTwins(source, "x", ["elm", "ob3"]).map((t) => parsed(t.text));
    expect(elm?.eqfLevel.id).toBe("http://data.europa.eu/snb/eqf/5");
    expect(JSON.stringify(elm?.additionalNote)).toContain("EQF levels 5 to 6");
    expect(ob3?.alignment.map((a: { targetCode: string }) => a.targetCode)).toEqual(["5", "6"]);
    expect(await validateElm(elm)).toEqual([]);
  });
});

describe("learner twins", () => {
  it("an issued learner's EDC and OB3 credential are valid", async () => {
    const source = sources.get(BRANDED) as TwinSource;
    const twins = learnerTwins(source, learner, ["elm", "ob3"], {
      issueDate: "2026-07-01",
      langs: ["de", "en"],
      verifyUrl: "https://verify.example.org/EX-0001",
    });
    expect(twins.map((t) => t.name)).toEqual(["EX-0001.edc.jsonld", "EX-0001.ob3.json"]);
    const [edc, ob3] = twins.map((t) => parsed(t.text));
    expect(report(await validateTwin(edc, "elm"))).toEqual([]);
    expect(report(await validateTwin(ob3, "ob3"))).toEqual([]);
    expect(edc?.credentialSubject.fullName.de).toBe("王小明");
    expect(edc?.credentialSubject.hasClaim.specifiedBy.id).toBe(
      "urn:supplement:example-branded:qualification",
    );
    expect(edc?.credentialSubject.hasClaim.provenBy.grade.noteLiteral.de).toBe("92%");
    expect(edc?.displayParameter.individualDisplay).toHaveLength(2);
    expect(ob3?.validFrom).toBe("2026-07-01T00:00:00Z");
    expect(ob3?.issuanceDate).toBeUndefined();
    expect(ob3?.credentialSubject.result[0].value).toBe("92%");
    // The e-mail is in no twin unless asked for.
    for (const t of twins) expect(t.text).not.toContain("wang@example.org");
    const withEmail = learnerTwins(source, learner, ["elm", "ob3"], {
      issueDate: "2026-07-01",
      langs: ["en"],
      includeEmail: true,
    });
    for (const t of withEmail) expect(t.text).toContain("wang@example.org");
  });

  it("writes no EDC for an issuer without a legal identifier", () => {
    const source = sources.get(PROGRAMS[0] as string) as TwinSource;
    const twins = learnerTwins(source, learner, ["elm", "ob3"], {
      issueDate: "2026-07-01",
      langs: ["en"],
    });
    expect(twins.map((t) => t.kind)).toEqual(["ob3"]);
  });
});

describe("mutations are caught", () => {
  const spec = () =>
    parsed(
      (
        programTwins(sources.get(PROGRAMS[0] as string) as TwinSource, "x", ["elm"])[0] as {
          text: string;
        }
      ).text,
    );

  it("no country for the awarding body: a SHACL violation names it", async () => {
    const doc = spec();
    delete doc.awardingOpportunity.awardingBody.location.address.countryCode;
    const found = report(await validateElm(doc));
    // Both profiles require it: no-cv (cardinality) and full (vocabulary).
    expect(found).toContain(
      "awardingOpportunity.awardingBody.location.address.countryCode: Less than 1 values (edc:Address-elm_countryCode/sh:MinCountConstraintComponent)",
    );
    for (const line of found)
      expect(line).toMatch(/^awardingOpportunity\.awardingBody\.location\.address\.countryCode: /);
  });

  it("an EQF level outside the vocabulary", async () => {
    const doc = spec();
    doc.eqfLevel.id = "http://data.europa.eu/snb/eqf/9";
    expect(report(await validateElm(doc))).toEqual([
      "eqfLevel: http://data.europa.eu/snb/eqf/9 is not a concept of the EQF levels vocabulary (vocabulary/membership)",
    ]);
    doc.eqfLevel.inScheme.id = "http://data.europa.eu/snb/isced-f/25831c2";
    expect(report(await validateElm(doc)).join("\n")).toContain("EQFLevelRestriction");
  });

  it("a misspelt property and a missing context", async () => {
    const doc = spec();
    doc.eqfLevell = doc.eqfLevel;
    delete doc.eqfLevel;
    expect(report(await validateElm(doc))[0]).toMatch(/^eqfLevell: .*json-ld\/undefined-term/);
    const bare = spec();
    bare["@context"] = ["http://data.europa.eu/snb/model/context/edc-ap"];
    expect(report(await validateElm(bare)).join("\n")).toContain("json-ld/empty-graph");
  });

  it("a learner credential without its issue date", async () => {
    const edc = brandedLearnerTwin("elm");
    delete edc.issued;
    expect(report(await validateElm(edc))).toEqual([
      "issued: Less than 1 values (edc:EuropeanDigitalCredential-cred_issued/sh:MinCountConstraintComponent)",
    ]);
  });

  it("a broken OB3 field: an ajv error", async () => {
    const ob3 = brandedLearnerTwin("ob3");
    ob3.credentialSubject.achievement.creditsAvailable = "sixteen";
    delete ob3.validFrom;
    expect(report(await validateTwin(ob3, "ob3"))).toEqual([
      "validFrom: must have required property 'validFrom' (ob3:AchievementCredential/required)",
      "credentialSubject.achievement.creditsAvailable: must be number (ob3:AchievementCredential/properties/creditsAvailable/type)",
    ]);
  });
});

describe("the validation setup", () => {
  it("finds exactly the two known violations in the EU's own unsealed sample", async () => {
    const sample = JSON.parse(
      readFileSync(join(ROOT, "test/fixtures/elm/mc-annex1.jsonld"), "utf8"),
    );
    expect(report(await validateElm(sample))).toEqual([
      "issued: Less than 1 values (edc:EuropeanDigitalCredential-cred_issued/sh:MinCountConstraintComponent)",
      "issuer: Value does not have shape edc:IssuerNodeShape (edc:EuropeanDigitalCredential-cred_issuer/sh:NodeConstraintComponent)",
    ]);
  });

  it("uses 1EdTech's OB3 schema with exactly one change: validFrom in place of issuanceDate in required", () => {
    // The vendored schema predates OB 3.0.3 (VC Data Model 2.0), whose context does not define
    // issuanceDate; nothing else is relaxed.
    const official = JSON.parse(
      readFileSync(join(ROOT, "standards/ob3-achievementcredential.schema.json"), "utf8"),
    );
    const used = ob3Schema();
    expect(used.required).toEqual(
      official.required.map((r: string) => (r === "issuanceDate" ? "validFrom" : r)),
    );
    expect({ ...used, required: official.required }).toEqual(official);
  });
});
