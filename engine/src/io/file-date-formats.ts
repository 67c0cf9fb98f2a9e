import { isDayMonth, type DateFormat } from '../mapping/date-format.ts';

const sameDateFormat = (a: DateFormat, b: DateFormat) => a.order === b.order && a.separator === b.separator && a.yearDigits === b.yearDigits;

/** The dates of a folder: the dataset's format, each file's where it differs, or the file no format fits. */
export interface FolderDates {
  format: DateFormat | undefined;
  /** The format of each file whose dates are written otherwise than `format`, in the files' order. */
  byFile?: Record<string, DateFormat>;
  /** A file with dates that no known format fits, and its first value, when the files share no format. */
  unfit?: { file: string; value: string };
}

/**
 * Dates decided per file. In a folder one month re-saved by a spreadsheet writes "01/06/2024
 * 16:44" where the others write ISO, or one shop dd/mm and another mm/dd: each file is read in
 * the format its own values show (`own`, in the files' order; undefined where they show none).
 * A file whose values leave the day/month order open takes the dataset's order where the dataset
 * has one of the same shape; a file with no format of its own takes the dataset's. `format` is
 * the dataset's, from a sample of all files; when that sample mixes formats so that none fits it,
 * the format most files show stands for the dataset, and a file no format fits is `unfit`.
 */
export function decideFolderDates(
  own: ReadonlyMap<string, DateFormat | undefined>,
  firstValues: ReadonlyMap<string, string>,
  format: DateFormat | undefined,
): FolderDates {
  let dataset = format;
  if (dataset === undefined) {
    for (const [file, f] of own) {
      const value = firstValues.get(file);
      if (f === undefined && value !== undefined) return { format: undefined, unfit: { file, value } };
    }
    dataset = mostShown([...own.values()].filter((f): f is DateFormat => f !== undefined));
    if (dataset === undefined) return { format: undefined };
  }
  const byFile: Record<string, DateFormat> = {};
  for (const [file, f] of own) {
    const mine = f === undefined || (f.ambiguous && isDayMonth(dataset) && sameDateFormat({ ...f, order: dataset.order }, dataset)) ? dataset : f;
    if (!sameDateFormat(mine, dataset)) byFile[file] = mine;
  }
  return Object.keys(byFile).length > 0 ? { format: dataset, byFile } : { format: dataset };
}

/** The format shown by the most files; of those tied, the earliest file's. */
function mostShown(formats: readonly DateFormat[]): DateFormat | undefined {
  let best: DateFormat | undefined;
  let bestCount = 0;
  for (const f of formats) {
    const count = formats.filter((g) => sameDateFormat(f, g)).length;
    if (count > bestCount) [best, bestCount] = [f, count];
  }
  return best;
}
