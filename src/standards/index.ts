/** Validation of machine-readable twins (ours or anyone's) against the official definitions. */
import { validateOb3 } from "./ob3.js";
import { JsonLdError, type Violation, validateElm } from "./shacl.js";

export type { Violation } from "./shacl.js";

export type TwinFormat = "elm" | "ob3";

/** Which standard a JSON document follows, by its types and contexts; undefined if neither. */
export function twinFormat(doc: unknown): TwinFormat | undefined {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const types = list(d.type).map(String);
  const contexts = list(d["@context"]).filter((c): c is string => typeof c === "string");
  if (types.some((t) => /^(OpenBadgeCredential|AchievementCredential|Achievement)$/.test(t)))
    return "ob3";
  if (contexts.some((c) => c.includes("purl.imsglobal.org/spec/ob/v3p0"))) return "ob3";
  if (contexts.some((c) => c.includes("data.europa.eu/snb/model/context/edc-ap"))) return "elm";
  if (types.includes("EuropeanDigitalCredential")) return "elm";
  return undefined;
}

/** Validates one twin: ELM with the EU SHACL shapes and vocabularies, OB3 with 1EdTech's schema. */
export async function validateTwin(doc: unknown, format: TwinFormat): Promise<Violation[]> {
  if (format === "ob3") return validateOb3(doc);
  try {
    return await validateElm(doc);
  } catch (e) {
    if (!(e instanceof JsonLdError)) throw e;
    return [
      {
        path: "@context",
        message: `the JSON-LD cannot be read: ${e.message}`,
        constraint: "json-ld/syntax",
        severity: "violation",
      },
    ];
  }
}
