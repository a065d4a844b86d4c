/** Locations inside the installed package (the same from src/ under vitest and from dist/). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const SCHEMAS_DIR = `${PACKAGE_ROOT}schemas/`;
export const TEMPLATES_DIR = `${PACKAGE_ROOT}templates/`;
export const DEFAULT_TEMPLATE_DIR = `${TEMPLATES_DIR}default/`;

export function readSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${SCHEMAS_DIR}${name}`, "utf8")) as Record<string, unknown>;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, "utf8")) as { version: string })
    .version;
}
