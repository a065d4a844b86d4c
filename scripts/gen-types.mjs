// Generates src/types/program.gen.ts from schemas/program.schema.json (the single source of truth).
// `npm run gen:types` writes it; test/unit/types.test.ts fails when the committed file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const BANNER =
  "/* Generated from schemas/program.schema.json by `npm run gen:types`. Do not edit. */";

export async function generateProgramTypes() {
  const schema = JSON.parse(readFileSync(`${root}schemas/program.schema.json`, "utf8"));
  // The code sees programs after catalog references are resolved: every module is written out.
  const item = schema.properties.modules.items;
  delete item.anyOf;
  delete item.properties.ref;
  item.required = ["id", "title"];
  // The country enum is long and adds nothing to the types: keep it a string.
  schema.properties.issuer.properties.country = {
    type: "string",
    description: schema.properties.issuer.properties.country.description,
  };
  // And after its text is resolved to the document's language (core/text.ts): a text field that
  // may be written as {language: text} is a plain string by then.
  schema.$defs.text = { type: "string", description: schema.$defs.text.description };
  return compile(schema, "Program", {
    bannerComment: BANNER,
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: false },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(`${root}src/types/program.gen.ts`, await generateProgramTypes());
  console.log("wrote src/types/program.gen.ts");
}
