import { DataError } from '../../errors.ts';

/** One record of a CSV text: its fields and the line it starts on (1-based, the header is row 1). */
export interface CsvRecord {
  readonly row: number;
  readonly fields: readonly string[];
}

/**
 * Splits CSV text into records (RFC 4180): fields separated by `delimiter`; a field in double quotes
 * may hold the delimiter, line breaks and doubled quotes ("" for "). Lines end with \n, \r\n or \r.
 * Spaces around an unquoted field are dropped ("a, b" reads as "a" and "b"); inside quotes they stay.
 * A quote inside an unquoted field is an ordinary character. Blank lines (empty or only spaces) are
 * skipped, wherever they are; row numbers still count them, so they match the file's line numbers.
 * A leading byte-order mark is ignored. `source` names the text in errors.
 */
export function csvRecords(text: string, source: string, delimiter = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false; // the current field was in quotes
  let line = 1;
  let recordRow = 1;
  let i = text.startsWith('\uFEFF') ? 1 : 0;

  const endField = () => {
    fields.push(quoted ? field : field.trim());
    field = '';
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === '' && !quoted;
    if (!blank) records.push({ row: recordRow, fields });
    fields = [];
    quoted = false;
  };

  while (i < text.length) {
    const char = text[i]!;
    if (char === '"' && !quoted && field.trim() === '') {
      // An opening quote: read up to the closing one, through delimiters and line breaks.
      const openedOn = line;
      quoted = true;
      field = '';
      i++;
      for (;;) {
        if (i >= text.length) {
          throw new DataError(
            `${source}, row ${openedOn}: a quoted field opened on this row is never closed; add the closing "`,
          );
        }
        const inside = text[i]!;
        if (inside === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (inside === '"') {
          i++;
          break;
        } else {
          if (inside === '\n' || (inside === '\r' && text[i + 1] !== '\n')) line++;
          field += inside;
          i++;
        }
      }
      // Only spaces may stand between the closing quote and the delimiter or line end.
      while (text[i] === ' ' || text[i] === '\t') i++;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new DataError(
          `${source}, row ${line}: unexpected '${next}' after the closing quote of field ${fields.length + 1}; ` +
            'a quoted field must end at a delimiter or line end (write a quote inside quotes as "")',
        );
      }
    } else if (char === delimiter) {
      endField();
      quoted = false;
      i++;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordRow = line;
    } else {
      field += char;
      i++;
    }
  }
  endRecord();
  return records;
}
