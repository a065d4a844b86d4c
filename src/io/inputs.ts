/** Command-line paths → program files, with bounded reading. */
import { readdirSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { SupplementError } from "../errors.js";

/** Larger than any real program (a 10,000-module program is about 1 MB). */
export const MAX_PROGRAM_BYTES = 4 * 1024 * 1024;

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/**
 * Expands files and directories (not recursive: a program folder's YAML files) into a sorted,
 * de-duplicated file list. Every problem is collected before anything is thrown.
 */
export function expandInputs(paths: readonly string[]): {
  files: string[];
  errors: SupplementError[];
} {
  const files: string[] = [];
  const errors: SupplementError[] = [];
  for (const p of paths) {
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
        entries = readdirSync(p).filter(isYaml).sort();
      } catch (e) {
        errors.push(
          new SupplementError("FILE_UNREADABLE", {
            path: p,
            reason: (e as NodeJS.ErrnoException).code ?? "error",
          }),
        );
        continue;
      }
      const found = entries.map((f) => join(p, f)).filter((f) => statSync(f).isFile());
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
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, "r");
    const { size } = await handle.stat();
    if (size > limit)
      throw new SupplementError("FILE_TOO_LARGE", {
        path,
        size: String(size),
        limit: String(limit),
      });
    const buffer = Buffer.alloc(Math.min(size, limit) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > limit)
      throw new SupplementError("FILE_TOO_LARGE", {
        path,
        size: `more than ${limit}`,
        limit: String(limit),
      });
    return buffer
      .subarray(0, bytesRead)
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
    await handle?.close();
  }
}
