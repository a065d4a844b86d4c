/** Awkward learners files, as spreadsheets and hand editing make them, read by io/learners.ts. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { headerIsFatal, validateRow } from "../../src/core/learners.js";
import { SupplementError } from "../../src/errors.js";
import { type LearnerInput, readLearners } from "../../src/io/learners.js";

const dir = mkdtempSync(join(tmpdir(), "supplement-test-learners-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(text: string): Promise<LearnerInput[]> {
  const path = join(dir, `l${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, text);
  const out: LearnerInput[] = [];
  for await (const input of readLearners(path)) out.push(input);
  return out;
}
const problems = (inputs: LearnerInput[]) =>
  inputs.flatMap((i) => ("problem" in i ? [i.problem] : []));
const HEADER = "name,learner_id,completion_date\n";

describe("learners files", () => {
  it("an empty file is a problem that shows the header to write", async () => {
    const [p] = problems(await read(""));
    expect(p?.message).toBe("the file is empty");
    expect(p?.hint).toContain("name,learner_id,completion_date");
  });

  it("a header only gives no rows and no problem", async () => {
    expect(await read(HEADER)).toEqual([]);
  });

  it("a file separated by semicolons or tabs gets one problem that says so", async () => {
    for (const [sep, word] of [
      [";", '";"'],
      ["\t", "tabs"],
    ] as const) {
      const ps = problems(
        await read(`name${sep}learner_id${sep}completion_date\nA${sep}L1${sep}2026-10-01\n`),
      );
      expect(ps).toHaveLength(1);
      expect(ps[0]?.message).toContain(`separated by ${word}`);
      expect(ps[0]?.hint).toContain("commas");
    }
  });

  it("a column twice stops the file: no row is read with a guessed value", async () => {
    const inputs = await read("name,name,learner_id,completion_date\nA,B,L1,2026-10-01\n");
    expect(problems(inputs).map((p) => p.message)).toEqual(['the column "name" appears twice']);
    expect(inputs.filter((i) => "record" in i)).toEqual([]);
    expect(headerIsFatal(["name", "learner_id", "completion_date", "name"])).toBe(true);
  });

  it("a quote not closed is a problem of its line, not a crash; the rows before it are read", async () => {
    const inputs = await read(`${HEADER}Ana,L1,2026-10-01\n"Bo,L2,2026-10-01\nCy,L3,2026-10-01\n`);
    expect(inputs[0]).toMatchObject({ row: 2, record: { name: "Ana" } });
    const [p] = problems(inputs);
    expect(p).toMatchObject({ row: 3 });
    expect(p?.message).toContain("a quoted field is not closed");
    expect(inputs).toHaveLength(2);
  });

  it("text after a closing quote is a problem with a hint on doubling quotes", async () => {
    const [p] = problems(await read(`${HEADER}"Ana"x,L1,2026-10-01\n`));
    expect(p?.message).toContain("goes on after its closing quote");
    expect(p?.hint).toContain('""');
  });

  it("keeps a quote inside an unquoted field as written, and reads a BOM and CRLF", async () => {
    const inputs = await read(
      `\uFEFF${HEADER.replace("\n", "\r\n")}Anna "Ann" Smith,L1,2026-10-01\r\n`,
    );
    expect(inputs).toEqual([
      {
        row: 2,
        record: { name: 'Anna "Ann" Smith', learner_id: "L1", completion_date: "2026-10-01" },
      },
    ]);
  });

  it("a line break or control character in a printed field is an error naming it", async () => {
    const [input] = await read(`${HEADER}"Multi\nLine",L1,2026-10-01\n`);
    const record = input && "record" in input ? input.record : {};
    const { problems: ps } = validateRow(record, 2, "p");
    expect(ps.map((p) => [p.column, p.message])).toEqual([
      ["name", "the name contains a line break (U+000A)"],
    ]);
    const tab = validateRow(
      { name: "A", learner_id: "L1", completion_date: "2026-10-01", grade: "1.3\tgood" },
      2,
      "p",
    );
    expect(tab.problems.map((p) => p.message)).toEqual([
      "the grade contains a control character (U+0009)",
    ]);
    // A right-to-left override shows "Anna\u202Enhoj" as "Annajohn": a spoofed name. The
    // joiners that Persian and Indic names need are kept.
    const spoof = validateRow(
      { name: "Anna\u202Enhoj", learner_id: "L1", completion_date: "2026-10-01" },
      2,
      "p",
    );
    expect(spoof.problems.map((p) => p.message)).toEqual([
      "the name contains a bidirectional control character (U+202E), which changes the order in which the text reads",
    ]);
    const joiner = validateRow(
      { name: "می\u200Cخواهم", learner_id: "L1", completion_date: "2026-10-01" },
      2,
      "p",
    );
    expect(joiner.problems).toEqual([]);
    // A name of invisible characters or punctuation alone prints as nothing.
    for (const name of ["\u200B\u200B", "---", "42"])
      expect(
        validateRow({ name, learner_id: "L1", completion_date: "2026-10-01" }, 2, "p").problems.map(
          (p) => p.message,
        ),
      ).toEqual([`the name "${name}" has no letter`]);
    // An e-mail must look like one, and an id is a short code; a long grade is printed whole.
    const fields = validateRow(
      {
        name: "Ana",
        learner_id: "L".repeat(101),
        completion_date: "2026-10-01",
        email: "not-an-email",
        grade: "x".repeat(101),
      },
      2,
      "p",
    );
    expect(fields.problems.map((p) => [p.column, p.message])).toEqual([
      ["email", '"not-an-email" is not an e-mail address'],
      ["learner_id", "the learner id is 101 characters long; at most 100"],
    ]);
    expect(
      validateRow(
        {
          name: "Ana",
          learner_id: "L1",
          completion_date: "2026-10-01",
          email: "a.b+c@uni.example.de",
        },
        2,
        "p",
      ).learner?.email,
    ).toBe("a.b+c@uni.example.de");
    // Any script's letters count: CJK, Devanagari, Thai.
    for (const name of ["王", "देवनागरी", "สมชาย"])
      expect(
        validateRow({ name, learner_id: "L1", completion_date: "2026-10-01" }, 2, "p").problems,
      ).toEqual([]);
  });

  it("a file saved as Windows-1252 fails each row with an accented name, naming the encoding", async () => {
    const path = join(dir, "latin1.csv");
    writeFileSync(
      path,
      Buffer.from(`${HEADER}Anna Müller,L1,2026-10-01\nBob Smith,L2,2026-10-01\n`, "latin1"),
    );
    const inputs: LearnerInput[] = [];
    for await (const input of readLearners(path)) inputs.push(input);
    const checked = inputs.map((i) =>
      "record" in i ? validateRow(i.record, i.row, "p").problems : [],
    );
    expect(checked[0]?.map((p) => [p.column, p.message, p.hint])).toEqual([
      [
        "name",
        'the name "Anna M\uFFFDller" has bytes that are not UTF-8 text (read as U+FFFD)',
        'The file is probably saved as Windows-1252 or Latin-1: save it as UTF-8 (in Excel: "CSV UTF-8").',
      ],
    ]);
    expect(checked[1]).toEqual([]); // plain ASCII reads the same in either encoding
  });

  it("skips Excel's sep=, line before the header, and reads mixed line endings", async () => {
    const inputs = await read(`sep=,\r\n${HEADER}Anna,L1,2026-10-01\n`);
    expect(inputs).toEqual([
      { row: 3, record: { name: "Anna", learner_id: "L1", completion_date: "2026-10-01" } },
    ]);
  });

  it("JSON Lines: a field twice, or a value that is not text, fails its line; ids and grades may be numbers", async () => {
    const path = join(dir, "typed.jsonl");
    writeFileSync(
      path,
      [
        '{"name":"Ana","learner_id":12345,"completion_date":"2026-06-01","grade":1.3}',
        '{"name":"A","learner_id":"L2","name":"B","completion_date":"2026-06-01"}',
        '{"name":{"first":"Bo"},"learner_id":"L3","completion_date":"2026-06-01"}',
        '{"name":"Q \\"name\\": x","learner_id":"L4","completion_date":20260601,"email":null}',
      ].join("\n"),
    );
    const inputs: LearnerInput[] = [];
    for await (const input of readLearners(path)) inputs.push(input);
    expect(problems(inputs).map((p) => [p.row, p.column, p.message])).toEqual([
      [2, "name", 'the field "name" appears twice in the line'],
    ]);
    const rows = inputs.flatMap((i) =>
      "record" in i ? [validateRow(i.record, i.row, "p").problems.map((p) => p.message)] : [],
    );
    expect(rows).toEqual([
      [],
      ["the name must be text, found an object"],
      ["the completion date must be text, found the number 20260601"],
    ]);
    const first = inputs[0] && "record" in inputs[0] ? inputs[0].record : {};
    expect(validateRow(first, 1, "p").learner).toMatchObject({ learnerId: "12345", grade: "1.3" });
  });

  it("a path that cannot be read as a file is an I/O error, not a problem of a row", async () => {
    for (const name of ["a-folder.csv", "a-folder.jsonl"]) {
      const folder = join(dir, name);
      mkdirSync(folder);
      const err = await (async () => {
        for await (const _ of readLearners(folder)) {
          // nothing is read
        }
      })().catch((e) => e);
      expect(err, name).toBeInstanceOf(SupplementError);
      expect(err.code, name).toBe("FILE_UNREADABLE");
      expect(err.exitCode, name).toBe(2);
    }
  });
});
