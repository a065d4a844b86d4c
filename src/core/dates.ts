/** Calendar dates written YYYY-MM-DD, checked with a reason a person can act on. Pure. */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why a YYYY-MM-DD text is not a date, or undefined when it is one. */
export function dateProblem(s: string): { message: string; hint: string } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) {
    return {
      message: `"${s}" is not a date written YYYY-MM-DD`,
      hint: "For example 2026-11-22.",
    };
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12)
    return {
      message: `"${s}" is not a date: there is no month ${m[2]}`,
      hint: "The month comes second and runs from 01 to 12 (YYYY-MM-DD).",
    };
  const days = daysIn(year, month);
  if (day < 1 || day > days)
    return {
      message: `"${s}" is not a date: ${MONTHS[month - 1]} ${year} has ${days} days, so there is no day ${m[3]}`,
      hint: "Check the day; the date is written YYYY-MM-DD.",
    };
  return undefined;
}
