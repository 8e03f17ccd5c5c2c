import { DataError } from '../../errors.ts';

/** One record of a CSV text: its fields and the line it starts on (1-based, the header is row 1). */
export interface CsvRecord {
  readonly row: number;
  readonly fields: readonly string[];
}

/** The end of the text came before the record did: wait for the next chunk, then read it again. */
const NEED_MORE = -1;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const QUOTE = 34;

/**
 * Splits CSV text into records (RFC 4180) as it arrives, a chunk at a time, and hands each record to
 * `onRecord` as soon as it is complete, so a file never has to be held whole: fields separated by
 * `delimiter`; a field in double quotes may hold the delimiter, line breaks and doubled quotes ("" for ").
 * Lines end with \n, \r\n or \r. Spaces around an unquoted field are dropped ("a, b" reads as "a" and
 * "b"); inside quotes they stay. A quote inside an unquoted field is an ordinary character. Blank lines
 * (empty or only spaces) are skipped, wherever they are; row numbers still count them, so they match the
 * file's line numbers. A leading byte-order mark is ignored. `source` names the text in errors.
 * @example
 * const reader = new CsvRecordReader('data.csv', ',', (record) => rows.push(record));
 * reader.push('x,y\n1,'); reader.push('2\n'); reader.end(); // rows: header (row 1), then ['1', '2'] (row 2)
 */
export class CsvRecordReader {
  /** The text not yet read: the start of a record whose end has not arrived. */
  private pending = '';
  /** The line the pending record starts on. */
  private line = 1;
  private started = false;

  constructor(
    private readonly source: string,
    private readonly delimiter: string,
    private readonly onRecord: (record: CsvRecord) => void,
  ) {}

  /** Reads the complete records of `chunk` (after what came before it) and keeps the rest for later. */
  push(chunk: string): void {
    let text = this.pending + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    this.pending = text.slice(this.readRecords(text, false));
  }

  /** Reads what is left: the last record may end without a line break. */
  end(): void {
    const text = this.pending;
    this.pending = '';
    this.readRecords(text, true);
  }

  /** Reads records from the start of `text`; returns where the first incomplete one starts. */
  private readRecords(text: string, final: boolean): number {
    let start = 0;
    for (;;) {
      const next = this.readRecord(text, start, final);
      if (next === NEED_MORE) return start;
      start = next;
      if (start >= text.length) return start;
    }
  }

  /**
   * Reads the record starting at `start`, hands it on (unless blank) and returns where the next one
   * starts, or NEED_MORE when `text` ends inside it and more may come.
   */
  private readRecord(text: string, start: number, final: boolean): number {
    const delimiter = this.delimiter;
    const delimiterCode = delimiter.charCodeAt(0);
    const fields: string[] = [];
    let line = this.line;
    let quoted = false; // the current field was in quotes
    let i = start;
    for (;;) {
      // One field, from i.
      quoted = false;
      let value: string;
      let fieldEnd = i;
      while (fieldEnd < text.length) {
        const code = text.charCodeAt(fieldEnd);
        if (code === delimiterCode || code === LINE_FEED || code === CARRIAGE_RETURN) break;
        if (code === QUOTE && text.slice(i, fieldEnd).trim() === '') break;
        fieldEnd++;
      }
      if (text[fieldEnd] === '"') {
        // An opening quote: read up to the closing one, through delimiters and line breaks.
        const openedOn = line;
        let content = '';
        let j = fieldEnd + 1;
        for (;;) {
          const close = text.indexOf('"', j);
          if (close < 0 || (close === text.length - 1 && !final)) {
            if (!final) return NEED_MORE;
            throw new DataError(
              `${this.source}, row ${openedOn}: a quoted field opened on this row is never closed; add the closing "`,
            );
          }
          const inside = text.slice(j, close);
          line += countLineBreaks(inside);
          content += inside;
          if (text[close + 1] === '"') {
            content += '"';
            j = close + 2;
          } else {
            j = close + 1;
            break;
          }
        }
        // Only spaces may stand between the closing quote and the delimiter (a tab may be it) or line end.
        while ((text[j] === ' ' || text[j] === '\t') && text[j] !== delimiter) j++;
        if (j >= text.length && !final) return NEED_MORE;
        const next = text[j];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          throw new DataError(
            `${this.source}, row ${line}: unexpected '${next}' after the closing quote of field ${fields.length + 1}; ` +
              'a quoted field must end at a delimiter or line end (write a quote inside quotes as "")',
          );
        }
        quoted = true;
        value = content;
        fieldEnd = j;
      } else {
        value = text.slice(i, fieldEnd).trim();
      }
      fields.push(value);

      if (fieldEnd >= text.length) {
        if (!final) return NEED_MORE;
        this.finishRecord(fields, quoted);
        this.line = line;
        return fieldEnd;
      }
      const end = text[fieldEnd]!;
      if (end === delimiter) {
        i = fieldEnd + 1;
        continue;
      }
      // A line break: \r\n counts as one.
      if (end === '\r' && fieldEnd + 1 >= text.length && !final) return NEED_MORE;
      this.finishRecord(fields, quoted);
      this.line = line + 1;
      return fieldEnd + (end === '\r' && text[fieldEnd + 1] === '\n' ? 2 : 1);
    }
  }

  /** Hands on the record that started on the current line, unless it is blank. */
  private finishRecord(fields: string[], lastQuoted: boolean): void {
    const blank = fields.length === 1 && fields[0] === '' && !lastQuoted;
    if (!blank) this.onRecord({ row: this.line, fields });
  }
}

/** The line breaks in quoted text: \n, \r\n and a lone \r each count once. */
function countLineBreaks(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const char = text[k];
    if (char === '\n' || (char === '\r' && text[k + 1] !== '\n')) count++;
  }
  return count;
}
