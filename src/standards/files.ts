/**
 * The official artifacts the twins are checked against, vendored in standards/ (see its
 * README.md for where each comes from). Read once, on first use.
 */
import { readFileSync } from "node:fs";
import { PACKAGE_ROOT } from "../paths.js";

export const STANDARDS_DIR = `${PACKAGE_ROOT}standards/`;

const cache = new Map<string, string>();

/** The text of a vendored file, e.g. "EDC-generic-full.ttl". */
export function standardFile(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(`${STANDARDS_DIR}${name}`, "utf8");
    cache.set(name, text);
  }
  return text;
}

export function standardJson<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(standardFile(name)) as T;
}
