// Regenerates src/data/*.json from the EU reference vocabularies in ../shared/reference.
// Run by hand when the reference data changes: node scripts/gen-data.mjs [referenceDir]
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(import.meta.url);
const countries = require("i18n-iso-countries");
countries.registerLocale(require("i18n-iso-countries/langs/en.json"));

const ref = resolve(process.argv[2] ?? "../shared/reference");
const tsv = (file) =>
  readFileSync(resolve(ref, file), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split("\t"));

const nal = new Map(
  tsv("elm-cv-country.tsv").map(([uri, name]) => [uri.split("/").pop(), { uri, name }]),
);
const out = {};
for (const alpha2 of Object.keys(countries.getAlpha2Codes()).sort()) {
  const alpha3 = countries.alpha2ToAlpha3(alpha2);
  const eu = nal.get(alpha3);
  out[alpha2] = {
    alpha3,
    name: eu?.name ?? countries.getName(alpha2, "en", { select: "alias" }),
    ...(eu ? { nal: eu.uri } : {}),
  };
}
writeFileSync("src/data/countries.json", `${JSON.stringify(out, null, 1)}\n`);

const isced = {};
for (const [uri, label] of tsv("elm-cv-isced-f.tsv")) isced[uri.split("/").pop()] = label;
writeFileSync("src/data/isced-f.json", `${JSON.stringify(isced, null, 1)}\n`);
console.log(`countries: ${Object.keys(out).length}, ISCED-F codes: ${Object.keys(isced).length}`);
