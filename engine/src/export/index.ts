export { csvCell, csvRow, toCsv, neutraliseFormula, round, type Cell, type ColumnKind, type CsvOptions } from './csv.ts';
export { customerRows, customersCsv, customersCsvBeforeClusters, segmentsCsv, CUSTOMER_COLUMNS, SEGMENT_COLUMNS, type CustomerExport } from './customers.ts';
export { pseudonymise, pseudonymiser, MIN_SALT_LENGTH, PSEUDONYM_DIGITS } from './pseudonymise.ts';
export { sha256, hmacSha256, toHex } from './sha256.ts';
export { customerProfiles, emptyColumnWarnings, emptyProfileColumns, profilesById, type CustomerProfile } from './customer-profile.ts';
export { buildManifest, fileDigest, MANIFEST_FORMAT, type ManifestInput, type FileDigest, type BasketSettings } from './manifest.ts';
export { emailLayoutCsv, splitName, EMAIL_LAYOUT_COLUMNS, type EmailLayoutExport, type EmailProperty } from './email-layout.ts';
