/**
 * Streams learner records from CSV (with a header row) or JSON Lines, one at a time: the file is
 * never held in memory. Yields records with their row number, or problems with row and column.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import type { RowProblem } from "../core/learners.js";
import { validateHeader } from "../core/learners.js";

export type LearnerInput =
  | { row: number; record: Record<string, unknown> }
  | { row: number; problem: RowProblem };

export function learnerFormat(path: string): "csv" | "jsonl" {
  return /\.(jsonl|ndjson)$/i.test(path) ? "jsonl" : "csv";
}

export async function* readLearners(path: string): AsyncGenerator<LearnerInput> {
  if (learnerFormat(path) === "jsonl") {
    yield* readJsonLines(path);
    return;
  }
  let headerProblems: RowProblem[] = [];
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (header: string[]) => {
        const columns = header.map((h) => h.trim().toLowerCase());
        headerProblems = validateHeader(columns);
        return columns;
      },
    }),
  );
  let headerReported = false;
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, unknown>;
    info: { lines: number };
  }>) {
    if (!headerReported) {
      headerReported = true;
      for (const problem of headerProblems) yield { row: 1, problem };
      // Without the required columns no row can be read.
      if (headerProblems.some((p) => p.message.includes("required column"))) return;
    }
    yield { row: info.lines, record };
  }
  if (!headerReported) for (const problem of headerProblems) yield { row: 1, problem };
}

async function* readJsonLines(path: string): AsyncGenerator<LearnerInput> {
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let row = 0;
  for await (const line of lines) {
    row++;
    const text = row === 1 ? line.replace(/^\uFEFF/, "") : line;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield {
        row,
        problem: { row, message: `the line is not valid JSON (${(e as Error).message})` },
      };
      continue;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      yield {
        row,
        problem: { row, message: "each line must be a JSON object with the learner's fields" },
      };
      continue;
    }
    const unknown = Object.keys(value).filter(
      (k) =>
        !["name", "learner_id", "completion_date", "credential_id", "email", "grade"].includes(k),
    );
    if (unknown.length) {
      yield {
        row,
        problem: {
          row,
          column: unknown[0],
          message: `unknown field "${unknown[0]}"`,
          hint: "Fields: name, learner_id, completion_date, credential_id, email, grade.",
        },
      };
      continue;
    }
    yield { row, record: value as Record<string, unknown> };
  }
}
