/** `init`: writes a new project's files; an existing file is kept unless `force`. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type ScaffoldOptions, scaffold } from "../core/scaffold.js";
import { writeFileAtomic } from "../io/atomic.js";
import { ensureWritableDir } from "../io/fs.js";
import { SCHEMAS_DIR } from "../paths.js";

export interface InitResult {
  /** Relative paths written. */
  written: string[];
  /** Relative paths that existed and were kept. */
  kept: string[];
}

export async function initProject(
  dir: string,
  options: ScaffoldOptions,
  force = false,
): Promise<InitResult> {
  ensureWritableDir(dir);
  // The schemas go with the project, so that editors complete and explain fields offline.
  const schemas = ["program", "modules", "config"].map((name) => ({
    path: `schemas/${name}.schema.json`,
    content: readFileSync(join(SCHEMAS_DIR, `${name}.schema.json`), "utf8"),
  }));
  const result: InitResult = { written: [], kept: [] };
  for (const file of [...scaffold(options), ...schemas]) {
    const target = join(dir, ...file.path.split("/"));
    if (existsSync(target) && !force) {
      result.kept.push(file.path);
      continue;
    }
    ensureWritableDir(dirname(target));
    await writeFileAtomic(target, file.content);
    result.written.push(file.path);
  }
  return result;
}
