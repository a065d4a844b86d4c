/**
 * Streams learner records from CSV (with a header row) or JSON Lines, one at a time: the file is
 * never held in memory. Yields records with their row number, or problems with row and column.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import type { RowProblem } from "../core/learners.js";
import { headerIsFatal, validateHeader } from "../core/learners.js";

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
  // Rows are read as arrays, so that a row with more or fewer fields than the header is seen.
  const parser = createReadStream(path).pipe(
    parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  );
  let columns: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (!columns) {
      columns = record;
      for (const problem of validateHeader(columns)) yield { row: info.lines, problem };
      // Without the required columns no row can be read.
      if (headerIsFatal(columns)) return;
      continue;
    }
    // A row of empty fields (",,,,") is an empty line written by a spreadsheet.
    if (record.every((field) => field === "")) continue;
    if (record.length !== columns.length) {
      yield {
        row: info.lines,
        problem: {
          row: info.lines,
          message: `the row has ${record.length} field${record.length === 1 ? "" : "s"}, but the header has ${columns.length} columns`,
          hint:
            record.length > columns.length
              ? 'A field with a comma in it must be quoted, e.g. "Smith, Anna".'
              : "Every row needs a field for every column; leave an optional one empty (,,).",
        },
      };
      continue;
    }
    const fields: Record<string, string> = {};
    columns.forEach((c, i) => {
      fields[c] = record[i] ?? "";
    });
    yield { row: info.lines, record: fields };
  }
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
    const fieldProblems = validateHeader(Object.keys(value))
      .filter((p) => p.message.startsWith("unknown"))
      .map((p) => ({ ...p, row, message: p.message.replace("unknown column", "unknown field") }));
    if (fieldProblems.length) {
      for (const problem of fieldProblems) yield { row, problem };
      continue;
    }
    yield { row, record: value as Record<string, unknown> };
  }
}
