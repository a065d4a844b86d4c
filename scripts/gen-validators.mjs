// Precompiles the project's JSON Schemas into ajv standalone validators (dist/validators/*.cjs),
// so that `supplement check` starts without compiling them. Run by `npm run build` after tsc.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const { createAjv, schemaDigest } = await import(`${root}dist/core/validate.js`);
const standaloneCode = require("ajv/dist/standalone").default;

mkdirSync(`${root}dist/validators`, { recursive: true });
for (const name of ["program", "config", "modules"]) {
  const schema = JSON.parse(readFileSync(`${root}schemas/${name}.schema.json`, "utf8"));
  const ajv = createAjv({ code: { source: true, esm: false } });
  const validate = ajv.compile(schema);
  const code = standaloneCode(ajv, validate);
  writeFileSync(
    `${root}dist/validators/${name}.cjs`,
    `${code}\nmodule.exports.validate = module.exports;\nmodule.exports.digest = ${JSON.stringify(schemaDigest(schema))};\n`,
  );
}
console.log("precompiled validators: dist/validators/{program,config,modules}.cjs");
