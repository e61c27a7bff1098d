/**
 * UPU S10 item identifiers (e.g. EA123456785VN): two service letters, eight serial digits,
 * a check digit, and the ISO country code of the issuing post.
 */

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;
const S10_PATTERN = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError(`S10 serial must be 8 digits, got "${serial}"`);
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(serial[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

export function makeS10(serial8: number, prefix = "EA", country = "VN"): string {
  if (!Number.isInteger(serial8) || serial8 < 0 || serial8 > 99_999_999) {
    throw new RangeError(`S10 serial must be an integer from 0 to 99999999, got ${serial8}`);
  }
  if (!/^[A-Z]{2}$/.test(prefix) || !/^[A-Z]{2}$/.test(country)) {
    throw new RangeError("S10 prefix and country must be two capital letters");
  }
  const serial = String(serial8).padStart(8, "0");
  return `${prefix}${serial}${s10CheckDigit(serial)}${country}`;
}

export function isValidS10(text: string): boolean {
  const parts = S10_PATTERN.exec(text);
  return parts !== null && s10CheckDigit(parts[2]!) === Number(parts[3]);
}
