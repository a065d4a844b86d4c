/**
 * Open Badges 3.0 documents against 1EdTech's JSON Schema (standards/ob3-achievementcredential
 * .schema.json), with ajv. That schema predates OB 3.0.3's move to the VC Data Model 2.0 and
 * still requires `issuanceDate`, a term the 2.0 context does not define (signing a credential
 * that has it aborts). So exactly one change is made: `validFrom` takes the place of
 * `issuanceDate` in `required`. Nothing else is relaxed. A lone Achievement (a program's twin)
 * is checked against the schema's own Achievement definition.
 */
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { standardJson } from "./files.js";
import type { Violation } from "./shacl.js";

type Schema = Record<string, unknown> & { $id: string; required: string[] };

/** The official schema with `validFrom` in place of `issuanceDate` in `required`. */
export function ob3Schema(): Schema {
  const schema = standardJson<Schema>("ob3-achievementcredential.schema.json");
  return {
    ...schema,
    required: schema.required.map((r) => (r === "issuanceDate" ? "validFrom" : r)),
  };
}

let validators: { credential: ValidateFunction; achievement: ValidateFunction } | undefined;

function ob3Validators() {
  if (validators) return validators;
  const require = createRequire(import.meta.url);
  const Ajv2019 = require("ajv/dist/2019").default as new (
    options: Record<string, unknown>,
  ) => import("ajv").default;
  const addFormats = require("ajv-formats").default as (ajv: import("ajv").default) => void;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = ob3Schema();
  ajv.addSchema(schema);
  validators = {
    credential: ajv.getSchema(schema.$id) as ValidateFunction,
    achievement: ajv.compile({ $ref: `${schema.$id}#/$defs/Achievement` }),
  };
  return validators;
}

function toViolations(errors: ErrorObject[] | null | undefined, schemaName: string): Violation[] {
  return (errors ?? []).map((e) => {
    const path = e.instancePath
      .replace(/^\//, "")
      .replace(/\/(\d+)(?=\/|$)/g, "[$1]")
      .replaceAll("/", ".");
    const extra =
      e.keyword === "required"
        ? ""
        : e.keyword === "enum"
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})`
          : e.keyword === "additionalProperties"
            ? `: ${(e.params as { additionalProperty: string }).additionalProperty}`
            : "";
    const missing =
      e.keyword === "required"
        ? (e.params as { missingProperty: string }).missingProperty
        : undefined;
    return {
      path: missing ? (path ? `${path}.${missing}` : missing) : path || "(root)",
      message: `${e.message ?? "is invalid"}${extra}`,
      constraint: `${schemaName}${e.schemaPath.replace(/^#/, "")}`,
      severity: "violation" as const,
    };
  });
}

/** Validates an OB3 AchievementCredential, or a lone Achievement. */
export function validateOb3(doc: unknown): Violation[] {
  const v = ob3Validators();
  const types = (doc as { type?: unknown })?.type;
  const list = Array.isArray(types) ? types : [types];
  const lone = list.includes("Achievement") && !list.includes("VerifiableCredential");
  const fn = lone ? v.achievement : v.credential;
  fn(doc);
  return toViolations(fn.errors, lone ? "ob3:Achievement" : "ob3:AchievementCredential");
}
