import { describe, expect, it } from "vitest";
import { dateProblem } from "../../src/core/dates.js";
import {
  deriveCredentialId,
  parseShard,
  shardOf,
  validateHeader,
  validateRow,
  verificationUrl,
  verifyUrlProblem,
} from "../../src/core/learners.js";

describe("learner rows", () => {
  it("checks the header: unknown columns get a did-you-mean, required columns must be there", () => {
    expect(validateHeader(["name", "learner_id", "completion_date"])).toEqual([]);
    expect(
      validateHeader(["name", "learnerid", "completion_date", "grade"]).map(
        (p) => `${p.column}: ${p.message} ${p.hint ?? ""}`,
      ),
    ).toEqual([
      'learnerid: unknown column "learnerid" Did you mean "learner_id"?',
      'learner_id: the required column "learner_id" is missing ',
    ]);
  });

  it("gives a header that differs only in case or spacing a did-you-mean, once per column", () => {
    expect(
      validateHeader(["Name", "Learner ID", "completion-date", "Grade"]).map(
        (p) => `${p.column}: ${p.message} | ${p.hint ?? ""}`,
      ),
    ).toEqual([
      'Name: unknown column "Name" | Did you mean "name"? Column names are written in lower case, with "_" between words.',
      'Learner ID: unknown column "Learner ID" | Did you mean "learner_id"? Column names are written in lower case, with "_" between words.',
      'completion-date: unknown column "completion-date" | Did you mean "completion_date"? Column names are written in lower case, with "_" between words.',
      'Grade: unknown column "Grade" | Did you mean "grade"? Column names are written in lower case, with "_" between words.',
    ]);
  });

  it("says why a date written YYYY-MM-DD does not exist", () => {
    expect(dateProblem("2026-11-22")).toBeUndefined();
    expect(dateProblem("2024-02-29")).toBeUndefined();
    expect(dateProblem("2026-02-30")?.message).toBe(
      '"2026-02-30" is not a date: February 2026 has 28 days, so there is no day 30',
    );
    expect(dateProblem("2025-02-29")?.message).toContain("February 2025 has 28 days");
    expect(dateProblem("2026-04-31")?.message).toContain("April 2026 has 30 days");
    expect(dateProblem("2026-11-00")?.message).toContain("there is no day 00");
    expect(dateProblem("2026-13-01")?.message).toBe(
      '"2026-13-01" is not a date: there is no month 13',
    );
    expect(dateProblem("22.11.2026")?.message).toBe(
      '"22.11.2026" is not a date written YYYY-MM-DD',
    );
  });

  it("refuses a completion after the issue date", () => {
    const row = { name: "A", learner_id: "L1", completion_date: "2099-01-01" };
    const { problems } = validateRow(row, 3, "p", "2026-11-23");
    expect(problems.map((p) => `${p.column}: ${p.message}`)).toEqual([
      "completion_date: the completion date 2099-01-01 is after the issue date 2026-11-23",
    ]);
    expect(
      validateRow({ ...row, completion_date: "2026-11-23" }, 3, "p", "2026-11-23").learner,
    ).toBeDefined();
  });

  it("reports every problem of a row with its column", () => {
    const { learner, problems } = validateRow(
      { name: " ", learner_id: "L1", completion_date: "2026-02-30", credential_id: "a/b" },
      7,
      "p",
    );
    expect(learner).toBeUndefined();
    expect(problems.map((p) => `${p.row} ${p.column}`)).toEqual([
      "7 name",
      "7 completion_date",
      "7 credential_id",
    ]);
  });

  it("derives the same credential id for the same program and learner, and a different one otherwise", () => {
    const a = validateRow(
      { name: "A", learner_id: "L-1", completion_date: "2026-11-01" },
      2,
      "ms-full-stack",
    ).learner;
    expect(a?.credentialId).toBe(deriveCredentialId("ms-full-stack", "L-1"));
    expect(a?.credentialId).toMatch(/^ms-full-stack-[0-9a-f]{16}$/);
    expect(deriveCredentialId("ms-full-stack", "L-1")).toBe(
      deriveCredentialId("ms-full-stack", "L-1"),
    );
    expect(deriveCredentialId("ms-full-stack", "L-1")).not.toBe(
      deriveCredentialId("ms-back-end", "L-1"),
    );
    expect(deriveCredentialId("ms-full-stack", "L-1")).not.toBe(
      deriveCredentialId("ms-full-stack", "L-2"),
    );
  });

  it("keeps an explicit credential id and the optional fields", () => {
    const { learner } = validateRow(
      {
        name: "Ødegård",
        learner_id: "L9",
        completion_date: "2026-01-31",
        credential_id: "CRED.9_x",
        grade: "A",
        email: "o@example.org",
      },
      3,
      "p",
    );
    expect(learner).toEqual({
      row: 3,
      name: "Ødegård",
      learnerId: "L9",
      completionDate: "2026-01-31",
      credentialId: "CRED.9_x",
      grade: "A",
      email: "o@example.org",
    });
  });

  it("fills and encodes the verification URL pattern", () => {
    const { learner } = validateRow(
      { name: "A", learner_id: "L 1/2", completion_date: "2026-11-01", credential_id: "C-1" },
      2,
      "p",
    );
    expect(
      verificationUrl(
        "https://v.example.org/{credential_id}?l={learner_id}&p={program_id}",
        learner as NonNullable<typeof learner>,
        "ms x",
      ),
    ).toBe("https://v.example.org/C-1?l=L%201%2F2&p=ms%20x");
  });
});

describe("shards", () => {
  it("parses k/n", () => {
    expect(parseShard("2/8")).toEqual({ index: 2, count: 8 });
    expect(parseShard("0/8")).toBeUndefined();
    expect(parseShard("9/8")).toBeUndefined();
    expect(parseShard("a/b")).toBeUndefined();
  });

  it("puts every row in exactly one shard, for n from 1 to 8 (property test over 2,000 ids)", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const ids = Array.from({ length: 2000 }, () => `L-${random().toString(36)}-${random() % 1000}`);
    for (let n = 1; n <= 8; n++) {
      const shards = Array.from({ length: n }, (_, k) =>
        ids.filter((id) => shardOf(id, n) === k + 1),
      );
      expect(shards.reduce((sum, s) => sum + s.length, 0)).toBe(ids.length);
      expect(new Set(shards.flat()).size).toBe(ids.length);
      // Roughly even: no shard gets less than half of its fair share.
      for (const s of shards) expect(s.length).toBeGreaterThan(ids.length / n / 2);
      // Deterministic.
      expect(ids.map((id) => shardOf(id, n))).toEqual(ids.map((id) => shardOf(id, n)));
    }
  });
});

describe("verification address patterns", () => {
  it("accepts http(s) addresses that tell credentials apart", () => {
    for (const ok of [
      "https://verify.example.org/{credential_id}",
      "http://127.0.0.1:8080/v/{program_id}/{learner_id}",
      "https://example.org/check?id={credential_id}&p={program_id}",
    ])
      expect(verifyUrlProblem(ok), ok).toBeUndefined();
  });

  it("refuses other schemes, unknown placeholders, one address for everyone, and non-URLs", () => {
    expect(verifyUrlProblem("ftp://x/{credential_id}")?.message).toContain("http:// or https://");
    expect(verifyUrlProblem("https://v.example.org/{credentialId}")?.message).toBe(
      "--verify-url has a placeholder that supplement does not fill in: {credentialId}",
    );
    expect(verifyUrlProblem("https://v.example.org/c")?.message).toContain(
      "every learner's QR code would lead to the same page",
    );
    expect(verifyUrlProblem("https://exa mple.org/{credential_id}")?.message).toContain(
      "is not a valid address",
    );
    expect(verifyUrlProblem("https://v.example.org/{x}")?.hint).toContain("{credential_id}");
  });
});
