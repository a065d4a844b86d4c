import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { generateProgramTypes } from "../../scripts/gen-types.mjs";
import {
  ASSESSMENT_TYPES,
  CREDENTIAL_TYPE_LABELS,
  DELIVERY_LABELS,
  QA_TYPE_LABELS,
} from "../../src/core/vocab.js";
import countries from "../../src/data/countries.json" with { type: "json" };
import { readSchema } from "../../src/paths.js";

type Json = Record<string, unknown>;
const program = readSchema("program.schema.json");
const config = readSchema("config.schema.json");

/** Every subschema that describes an object, with its JSON pointer. */
function objects(schema: Json, at = "#"): [string, Json][] {
  const out: [string, Json][] = [];
  if (schema.type === "object") out.push([at, schema]);
  for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, Json>))
    out.push(...objects(v, `${at}/properties/${k}`));
  if (schema.items) out.push(...objects(schema.items as Json, `${at}/items`));
  for (const [i, v] of ((schema.oneOf ?? []) as Json[]).entries())
    out.push(...objects(v, `${at}/oneOf/${i}`));
  return out;
}

function properties(schema: Json, at = "#"): [string, Json][] {
  return objects(schema, at).flatMap(([p, o]) =>
    Object.entries((o.properties ?? {}) as Record<string, Json>).map(
      ([k, v]) => [`${p}/properties/${k}`, v] as [string, Json],
    ),
  );
}

describe.each([
  ["program", program],
  ["config", config],
])("%s schema", (_name, schema) => {
  it("is draft 2020-12 with an $id", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/^https:\/\//);
  });

  it("closes every object: additionalProperties false, or a schema for every value of a map", () => {
    const open = objects(schema).filter(
      ([, o]) => o.additionalProperties !== false && typeof o.additionalProperties !== "object",
    );
    expect(open.map(([p]) => p)).toEqual([]);
  });

  it("describes every property, for editor hovers", () => {
    const undocumented = properties(schema).filter(
      ([, p]) => typeof p.description !== "string" || p.description === "",
    );
    expect(undocumented.map(([p]) => p)).toEqual([]);
  });
});

describe("program schema vocabularies", () => {
  const props = program.properties as Record<string, Json>;
  const enumAt = (path: string[]) => {
    let node: Json = program;
    for (const seg of path)
      node = (
        seg === "items" ? node.items : (node.properties as Record<string, Json>)[seg]
      ) as Json;
    return node.enum as string[];
  };

  it("lists exactly the ISO 3166-1 countries of src/data/countries.json", () => {
    expect(enumAt(["issuer", "country"])).toEqual(Object.keys(countries));
    expect(enumAt(["issuer", "country"])).toContain("US");
  });

  it("has a label and a Europass concept for every assessment type", () => {
    expect([...enumAt(["assessment", "methods", "items", "type"])].sort()).toEqual(
      Object.keys(ASSESSMENT_TYPES).sort(),
    );
    for (const t of Object.values(ASSESSMENT_TYPES))
      expect(t.elm).toMatch(/^http:\/\/data\.europa\.eu\/snb\/assessment\/[0-9a-f]{10}$/);
  });

  it("has labels for the other closed vocabularies", () => {
    expect(enumAt(["credentialType"]).sort()).toEqual(Object.keys(CREDENTIAL_TYPE_LABELS).sort());
    expect(enumAt(["modeOfStudy", "delivery"]).sort()).toEqual(Object.keys(DELIVERY_LABELS).sort());
    expect(enumAt(["qualityAssurance", "type"]).sort()).toEqual(Object.keys(QA_TYPE_LABELS).sort());
    expect(props.eqfLevel).toBeDefined();
  });
});

describe("generated types", () => {
  it("src/types/program.gen.ts matches the schema (run `npm run gen:types` if this fails)", async () => {
    const committed = readFileSync(
      join(import.meta.dirname, "../../src/types/program.gen.ts"),
      "utf8",
    );
    expect(await generateProgramTypes()).toBe(committed);
  });
});

describe("programs/", () => {
  it("starts every program with the yaml-language-server schema line", () => {
    for (const name of ["full-stack", "back-end", "front-end", "pr-communications"]) {
      const text = readFileSync(join(import.meta.dirname, `../../programs/${name}.yaml`), "utf8");
      expect(text.split("\n")[0]).toBe(
        "# yaml-language-server: $schema=../schemas/program.schema.json",
      );
    }
  });
});
