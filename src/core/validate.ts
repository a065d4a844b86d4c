/**
 * JSON Schema validation (ajv, draft 2020-12) whose errors are translated into plain language and
 * placed at the YAML node at fault. No raw ajv message ever reaches a user.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { PACKAGE_ROOT } from "../paths.js";
import type { Diagnostic } from "./diagnostics.js";
import { locate, type SourceFile } from "./source.js";
import { closest } from "./suggest.js";
import { suggestCountryCode } from "./vocab.js";

const require = createRequire(import.meta.url);
type AjvCtor = typeof import("ajv").default;
type AjvInstance = InstanceType<AjvCtor>;

type Json = Record<string, unknown>;

/** One set of ajv options for compiling at run time and for the precompiled validators. */
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  verbose: true,
  allowUnionTypes: true,
  // The country list (250 codes) compiles to comparisons rather than a loop of deep-equal calls.
  loopEnum: 1000,
  // A module is `{id, title, …}` or `{ref}`: the anyOf branches name properties declared beside them.
  strictRequired: false,
} as const;
export const AJV_FORMATS = ["date", "uri", "email"];

/** Validates a plain value read from `source`; returns diagnostics (empty when valid). */
export type Validator = (value: unknown, source: SourceFile) => Diagnostic[];

/** Identifies a schema's exact text, so that a precompiled validator is used only for it. */
export function schemaDigest(schema: Json): string {
  return createHash("sha256").update(JSON.stringify(schema)).digest("hex");
}

/** An ajv instance set up as every validator is; loading ajv's compiler costs start-up time. */
export function createAjv(extra: Record<string, unknown> = {}): AjvInstance {
  const Ajv2020 = require("ajv/dist/2020").default as AjvCtor;
  const addFormats = require("ajv-formats").default as (
    ajv: AjvInstance,
    formats: string[],
  ) => void;
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv, AJV_FORMATS);
  return ajv;
}

/**
 * A validator for `schema`. `npm run build` precompiles the project's schemas into
 * dist/validators/<name>.cjs (ajv standalone code), which starts much faster than compiling; it
 * is used when its digest matches the schema, and the schema is compiled otherwise.
 */
export function createValidator(schema: Json, name?: string): Validator {
  let validate: ValidateFunction | undefined;
  if (name) {
    try {
      const pre = require(`${PACKAGE_ROOT}dist/validators/${name}.cjs`) as {
        digest: string;
        validate: ValidateFunction;
      };
      if (pre.digest === schemaDigest(schema)) validate = pre.validate;
    } catch {
      // Not built (e.g. tests run from src/): compile below.
    }
  }
  validate ??= createAjv().compile(schema) as ValidateFunction;
  const run = validate;
  return (value, source) => {
    if (run(value)) return [];
    return translate(run.errors ?? [], value, source);
  };
}

const pointerToPath = (pointer: string): (string | number)[] =>
  pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

function describeValue(v: unknown): string {
  if (v === null) return "an empty value";
  if (Array.isArray(v)) return v.length === 0 ? "an empty list" : "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === "number")
    return Number.isFinite(v)
      ? `the number ${v}`
      : `${Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf"} (not a finite number)`;
  if (typeof v === "boolean") return `${v}`;
  return String(v);
}

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  object: "a mapping (key: value lines)",
  array: "a list (lines starting with '- ')",
  null: "nothing",
};

/** `modules[3].title`: a path into the program as its YAML writes it. */
export function fieldName(path: readonly (string | number)[]): string {
  if (path.length === 0) return "the program";
  const parts: string[] = [];
  for (const seg of path)
    parts.push(typeof seg === "number" ? `[${seg}]` : parts.length ? `.${seg}` : seg);
  return `\`${parts.join("")}\``;
}

/** Friendlier wording for the few places where the generic one would be vague. */
function patternMessage(
  path: (string | number)[],
  data: unknown,
): { message: string; hint?: string } {
  const last = path[path.length - 1];
  if (last === "id") {
    return {
      message: `${fieldName(path)} must use lower-case letters, digits and hyphens, found ${describeValue(data)}`,
      hint: 'For example "ms-full-stack".',
    };
  }
  if (last === "eqfLevel") {
    return {
      message: `the EQF level must be 1 to 8 or a range such as 5-6, found ${describeValue(data)}`,
    };
  }
  if (last === "fieldOfStudy") {
    return {
      message: `${fieldName(path)} must be an ISCED-F code of 2 to 4 digits, found ${describeValue(data)}`,
      hint: 'Quote it so leading zeros survive: fieldOfStudy: "0613".',
    };
  }
  if (path.includes("languages")) {
    return {
      message: `a language must be a two-letter ISO 639-1 code such as en or de, found ${describeValue(data)}`,
    };
  }
  if (["validFrom", "validUntil", "decisionDate"].includes(String(last))) {
    return {
      message: `${fieldName(path)} must be a date as YYYY-MM-DD, found ${describeValue(data)}`,
    };
  }
  return {
    message: `${fieldName(path)} does not have the expected form, found ${describeValue(data)}`,
  };
}

function boundMessage(e: ErrorObject, path: (string | number)[]): string {
  const limit = (e.params as { limit: number }).limit;
  const what = path[path.length - 1] === "eqfLevel" ? "the EQF level" : fieldName(path);
  const found = describeValue(e.data);
  switch (e.keyword) {
    case "minimum":
      return `${what} must be at least ${limit}, found ${found}`;
    case "maximum":
      return `${what} must be at most ${limit}, found ${found}`;
    case "exclusiveMinimum":
      return `${what} must be more than ${limit}, found ${found}`;
    default:
      return `${what} must be less than ${limit}, found ${found}`;
  }
}

function translate(errors: ErrorObject[], _value: unknown, source: SourceFile): Diagnostic[] {
  // A failed oneOf or anyOf reports every branch; keep one message for the value instead.
  const oneOfPaths = new Set(
    errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf").map((e) => e.instancePath),
  );
  // A text map with a bad entry ({en: ""}): the entry's own error says it; "must be text, or a
  // map" on the whole value would only repeat it less precisely.
  const textMapsWithEntryErrors = new Set(
    errors
      .filter(
        (e) =>
          e.keyword === "anyOf" &&
          e.schemaPath.startsWith("#/$defs/text/") &&
          errors.some((d) => d.instancePath.startsWith(`${e.instancePath}/`)),
      )
      .map((e) => e.instancePath),
  );
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === "anyOf" && textMapsWithEntryErrors.has(e.instancePath)) continue;
    if (
      e.keyword !== "oneOf" &&
      e.keyword !== "anyOf" &&
      [...oneOfPaths].some(
        (p) =>
          e.instancePath === p &&
          (e.schemaPath.includes("/oneOf/") || e.schemaPath.includes("/anyOf/")),
      )
    ) {
      continue;
    }
    const d = translateOne(e, source);
    const key = `${d.range.start.offset}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function translateOne(e: ErrorObject, source: SourceFile): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const parent = (e.parentSchema ?? {}) as Json;
  const description = typeof parent.description === "string" ? parent.description : undefined;
  const base = { severity: "error" as const, file: source.file, code: `schema/${e.keyword}` };
  let message: string;
  let hint: string | undefined;
  let at = path;
  let onKey = false;

  switch (e.keyword) {
    case "required": {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const props = (parent.properties ?? {}) as Record<string, Json>;
      message = `${fieldName([...path, missing])} is missing${path.length ? ` in ${fieldName(path)}` : ""}`;
      const desc = props[missing]?.description;
      hint =
        typeof desc === "string"
          ? `Add \`${missing}:\`, ${lowerFirst(desc)}`
          : `Add \`${missing}:\`.`;
      // Point at the key that holds the incomplete mapping (or the list item).
      onKey = true;
      break;
    }
    case "additionalProperties": {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((parent.properties ?? {}) as Json);
      const guess = closest(extra, allowed);
      message = `unknown field \`${extra}\`${path.length ? ` in ${fieldName(path)}` : ""}`;
      hint = guess
        ? `Did you mean \`${guess}\`?`
        : `Allowed here: ${allowed.filter((k) => k !== "$schema").join(", ")}.`;
      at = [...path, extra];
      onKey = true;
      break;
    }
    case "type": {
      const expected = String((e.params as { type: string }).type)
        .split(",")
        .map((t) => TYPE_NAMES[t] ?? t)
        .join(" or ");
      message = `${fieldName(path)} must be ${expected}, found ${describeValue(e.data)}`;
      hint = description;
      break;
    }
    case "enum": {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const value = String(e.data);
      if (path[path.length - 1] === "country") {
        const code = suggestCountryCode(value);
        message = `${describeValue(e.data)} is not an ISO 3166-1 alpha-2 country code`;
        hint = code ? `Did you mean ${code}?` : "Use the two-letter code, e.g. US, DE, FR.";
      } else {
        const guess = closest(value, allowed);
        message = `${fieldName(path)} must be one of the listed values, found ${describeValue(e.data)}`;
        hint = `${guess ? `Did you mean ${guess}? ` : ""}Allowed: ${allowed.join(", ")}.`;
      }
      break;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      message = boundMessage(e, path);
      hint = description;
      break;
    case "minItems":
      message = `${fieldName(path)} must have at least ${(e.params as { limit: number }).limit === 1 ? "one item" : `${(e.params as { limit: number }).limit} items`}, found ${describeValue(e.data)}`;
      hint = description;
      break;
    case "maxLength":
      message = `${fieldName(path)} is too long: at most ${(e.params as { limit: number }).limit} characters`;
      break;
    case "minLength":
      message = `${fieldName(path)} must not be empty`;
      hint = description;
      break;
    case "uniqueItems": {
      const { i, j } = e.params as { i: number; j: number };
      message = `${fieldName(path)} lists the same value twice (items ${j + 1} and ${i + 1})`;
      at = [...path, i];
      break;
    }
    case "pattern":
      ({ message, hint } = patternMessage(path, e.data));
      hint ??= description;
      break;
    case "format": {
      const format = (e.params as { format: string }).format;
      if (format === "date") {
        message = `${fieldName(path)} must be a real date written YYYY-MM-DD, found ${describeValue(e.data)}`;
      } else if (format === "uri") {
        message = `${fieldName(path)} must be a full web address, found ${describeValue(e.data)}`;
        hint = "For example https://www.example.org";
      } else {
        message = `${fieldName(path)} is not a valid ${format}, found ${describeValue(e.data)}`;
      }
      break;
    }
    case "anyOf":
      if (e.schemaPath.startsWith("#/$defs/text/")) {
        const data = e.data;
        if (data && typeof data === "object" && !Array.isArray(data) && !Object.keys(data).length) {
          message = `${fieldName(path)} is an empty map: it gives no text in any language`;
          hint = "Write the text, or a map such as {en: …, de: …}.";
        } else {
          message = `${fieldName(path)} must be text, or a map from language codes to text such as {en: …, de: …}, found ${describeValue(data)}`;
          hint = "Language codes are two lower-case letters (ISO 639-1): en, de, fr.";
        }
      } else if (path[0] === "modules" && path.length === 2) {
        message = `module ${(path[1] as number) + 1} needs \`id:\` and \`title:\` written out, or \`ref:\` naming a module of the catalog`;
        hint =
          "Write the module out (id, title, hours), or refer to a shared module with `- ref: <id>`.";
        onKey = false;
      } else {
        message = `${fieldName(path)} does not have one of the allowed forms, found ${describeValue(e.data)}`;
        hint = description;
      }
      break;
    case "oneOf":
      if (path[path.length - 1] === "eqfLevel") {
        message = `the EQF level must be a whole number from 1 to 8 or a range such as 5-6, found ${describeValue(e.data)}`;
      } else {
        message = `${fieldName(path)} does not have one of the allowed forms, found ${describeValue(e.data)}`;
      }
      hint = description;
      break;
    default:
      message = `${fieldName(path)} is not valid here (${e.keyword})`;
      hint = description;
  }
  const located = locate(source, at, { key: onKey });
  return { ...base, range: located.range, message, ...(hint ? { hint } : {}), path: at };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
