/** Program texts for tests, made from the real Full Stack program. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { loadCatalog } from "../../src/io/catalog.js";

export const ROOT = join(import.meta.dirname, "../..");
/** The Full Stack program, and the branded example (logos, signatures, a legal identifier). */
export const FULL_STACK = join(ROOT, "programs/full-stack.yaml");
export const BRANDED = join(ROOT, "programs/examples/branded.yaml");
export const FULL_STACK_TEXT = readFileSync(
  join(ROOT, "test/fixtures/valid/full-stack.yaml"),
  "utf8",
);

export function programWith(change: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(FULL_STACK_TEXT);
  change(doc);
  return doc.toString({ lineWidth: 0 });
}

/** A program with `n` modules of 7 hours each, and totals that agree. */
export function manyModules(n: number): string {
  return programWith((doc) => {
    doc.set("id", `many-${n}`);
    doc.set(
      "modules",
      doc.createNode(
        Array.from({ length: n }, (_, i) => ({
          id: `m-${String(i + 1).padStart(3, "0")}`,
          title: `Module ${String(i + 1).padStart(3, "0")} on a topic with a reasonably long title`,
          hours: 7,
        })),
      ),
    );
    doc.set("declared", doc.createNode({ hours: n * 7, ects: Math.floor((n * 7) / 25) }));
    doc.delete("stackability");
  });
}

/** The project's module catalog (modules/), which the programs in programs/ refer to. */
export function projectCatalog() {
  return loadCatalog([join(ROOT, "modules")], ROOT).catalog;
}
