/**
 * Streams learner records from CSV (with a header row) or JSON Lines, one at a time: the file is
 * never held in memory. Yields records with their row number, or problems with row and column.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parse } from "csv-parse";
import type { RowProblem } from "../core/learners.js";
import {
  duplicateJsonKeys,
  headerIsFatal,
  REQUIRED_COLUMNS,
  validateHeader,
} from "../core/learners.js";
import { SupplementError } from "../errors.js";

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
  const input = createReadStream(path);
  const parser = input.pipe(
    // relax_quotes: a quote inside an unquoted field (Anna "Ann" Smith) is kept as written.
    parse({
      bom: true,
      // Lines may end in CRLF, LF or CR, even mixed (a file edited on two systems).
      record_delimiter: ["\r\n", "\n", "\r"],
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      info: true,
    }),
  );
  // pipe() does not pass a read error on: the parser would wait for data forever.
  input.on("error", (e) => parser.destroy(e));
  let columns: string[] | undefined;
  /** The line the last record read ended on. */
  let lastLine = 0;
  const rows = (parser as AsyncIterable<{ record: string[]; info: { lines: number } }>)[
    Symbol.asyncIterator
  ]();
  for (;;) {
    let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
    try {
      next = await rows.next();
    } catch (e) {
      // The file itself cannot be read (a folder, no permission): not a problem of a row.
      const io = unreadable(e, path);
      if (io) throw io;
      // Malformed CSV (a quote not closed, a stray quote): the rest of the file cannot be read.
      const problem = csvProblem(e, lastLine);
      yield { row: problem.row, problem };
      return;
    }
    if (next.done) break;
    const { record, info } = next.value;
    lastLine = info.lines;
    // Excel's "sep=," first line names the separator; it is not the header.
    if (!columns && info.lines === 1 && /^sep=.?$/i.test(record.join(","))) continue;
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
  if (!columns)
    yield {
      row: 1,
      problem: {
        row: 1,
        message: "the file is empty",
        hint: `The first line is the header: ${REQUIRED_COLUMNS.join(",")} (and any optional columns), then one line per learner.`,
      },
    };
}

function csvErrorLine(e: unknown): number {
  const lines = (e as { lines?: unknown }).lines;
  return typeof lines === "number" && lines > 0 ? lines : 1;
}

/**
 * csv-parse's error, as a problem of the line where the parser stopped; for a quote not closed,
 * which the parser finds only at the end of the file, the line after the last record read (where
 * the unclosed field begins).
 */
function csvProblem(e: unknown, lastLine: number): RowProblem {
  const code = (e as { code?: unknown }).code;
  const row =
    code === "CSV_QUOTE_NOT_CLOSED" ? Math.min(lastLine + 1, csvErrorLine(e)) : csvErrorLine(e);
  const afterClosingQuote: [string, string] = [
    "a quoted field goes on after its closing quote",
    'A quote inside a quoted field is written twice: "Anna ""Ann"" Smith".',
  ];
  // csv-parse's codes, with or without their CSV_ prefix (it varies between its errors).
  const messages: Record<string, [string, string]> = {
    QUOTE_NOT_CLOSED: [
      "a quoted field is not closed: the file ends inside quotes",
      'Close the quote that opens a field ("Smith, Anna"); a quote inside a quoted field is written twice ("").',
    ],
    NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: afterClosingQuote,
    INVALID_CLOSING_QUOTE: afterClosingQuote,
  };
  const known = typeof code === "string" ? messages[code.replace(/^CSV_/, "")] : undefined;
  const [message, hint] = known ?? [
    `the file is not valid CSV (${String((e as Error).message ?? e).slice(0, 200)})`,
    "Fields are separated by commas; a field with a comma, a quote or a line break in it is quoted.",
  ];
  return { row, message: `${message}; the rows after it were not read`, hint };
}

async function* readJsonLines(path: string): AsyncGenerator<LearnerInput> {
  try {
    yield* jsonLines(path);
  } catch (e) {
    throw unreadable(e, path) ?? e;
  }
}

/** A read error of the file itself (a folder, no permission), as the error to report, if it is one. */
function unreadable(e: unknown, path: string): SupplementError | undefined {
  const errno = (e as NodeJS.ErrnoException).code;
  return typeof errno === "string" && /^E[A-Z]+$/.test(errno)
    ? new SupplementError("FILE_UNREADABLE", { path, reason: errno })
    : undefined;
}

async function* jsonLines(path: string): AsyncGenerator<LearnerInput> {
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
    const twice = duplicateJsonKeys(text);
    if (twice.length) {
      for (const key of twice)
        yield {
          row,
          problem: {
            row,
            column: key,
            message: `the field "${key}" appears twice in the line`,
            hint: "Give each field once; JSON would silently keep only the last.",
          },
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
