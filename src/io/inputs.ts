/** Command-line paths → program files, with bounded reading. */
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
} from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { SupplementError } from "../errors.js";

/** Larger than any real program (a 10,000-module program is about 1 MB). */
export const MAX_PROGRAM_BYTES = 4 * 1024 * 1024;

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/**
 * Expands files, directories (their YAML files, not recursive) and glob patterns into a
 * de-duplicated file list, in the order given. Every problem is collected before anything is thrown.
 */
export function expandInputs(paths: readonly string[]): {
  files: string[];
  errors: SupplementError[];
} {
  const files: string[] = [];
  const errors: SupplementError[] = [];
  for (const p of paths) {
    if (/[*?[\]{}!]/.test(p) && !existsSync(p)) {
      // Loaded only when a pattern is given.
      const { globSync } = createRequire(import.meta.url)(
        "tinyglobby",
      ) as typeof import("tinyglobby");
      const matches = globSync(p, { onlyFiles: true, expandDirectories: false })
        .filter(isYaml)
        .sort();
      if (matches.length === 0) errors.push(new SupplementError("GLOB_NO_MATCH", { pattern: p }));
      files.push(...matches);
      continue;
    }
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push(
        code === "ENOENT" || code === "ENOTDIR"
          ? new SupplementError("FILE_NOT_FOUND", { path: p })
          : new SupplementError("FILE_UNREADABLE", {
              path: p,
              reason: code ?? (e as Error).message,
            }),
      );
      continue;
    }
    if (stat.isDirectory()) {
      let entries: string[];
      try {
        // File types come with the listing: no stat per file.
        entries = readdirSync(p, { withFileTypes: true })
          .filter(
            (d) =>
              (d.isFile() || (d.isSymbolicLink() && statSync(join(p, d.name)).isFile())) &&
              isYaml(d.name),
          )
          .map((d) => d.name)
          .sort();
      } catch (e) {
        errors.push(
          new SupplementError("FILE_UNREADABLE", {
            path: p,
            reason: (e as NodeJS.ErrnoException).code ?? "error",
          }),
        );
        continue;
      }
      const found = entries.map((f) => join(p, f));
      if (found.length === 0) errors.push(new SupplementError("NO_INPUTS", { path: p }));
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  return { files: [...new Set(files)], errors };
}

/** Reads a text file, refusing files over the size limit before reading them. */
export async function readTextBounded(path: string, limit = MAX_PROGRAM_BYTES): Promise<string> {
  return readTextBoundedSync(path, limit);
}

/**
 * Reads a text file, refusing files over the size limit before reading them. Synchronous: the
 * files are small, and reading many in a row (check, audit) needs no promise round trips.
 */
export function readTextBoundedSync(path: string, limit = MAX_PROGRAM_BYTES): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const { size } = fstatSync(fd);
    if (size > limit)
      throw new SupplementError("FILE_TOO_LARGE", {
        path,
        size: String(size),
        limit: String(limit),
      });
    const buffer = Buffer.allocUnsafe(size + 1);
    let read = 0;
    for (;;) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
      if (read > limit)
        throw new SupplementError("FILE_TOO_LARGE", {
          path,
          size: `more than ${limit}`,
          limit: String(limit),
        });
      if (read === buffer.length) break;
    }
    return buffer
      .subarray(0, read)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
  } catch (e) {
    if (e instanceof SupplementError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new SupplementError("FILE_NOT_FOUND", { path });
    throw new SupplementError(
      "FILE_UNREADABLE",
      { path, reason: code ?? (e as Error).message },
      { cause: e },
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
