// How Caseline writes CSV (SPEC §14, §16): one set of csv-stringify options for every export.
import type { Options } from "csv-stringify";

/**
 * Quoting and spreadsheet safety, shared by every CSV Caseline writes:
 * - a field holding a comma, a quote, CR or LF is quoted (csv-stringify's defaults, and
 *   `quoted_match` so a lone CR is quoted whatever those defaults become);
 * - a field starting with = + - @ (or a tab or CR, which spreadsheets skip) gets a leading
 *   apostrophe, so text a person sent us cannot run as a formula (CSV injection).
 */
export const CSV_SAFETY: Options = { escape_formulas: true, quoted_match: /[\r\n]/ };

/** For spreadsheets: UTF-8 with a byte order mark (Excel reads it as UTF-8 then) and CRLF lines. */
export const SPREADSHEET_CSV: Options = { ...CSV_SAFETY, bom: true, record_delimiter: "windows" };
