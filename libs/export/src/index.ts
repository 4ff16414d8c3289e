export * from './dataset-definition';
export * from './datasets';
export * from './coordination-datasets';
export * from './coordination-rows';
export * from './pseudonymiser';
export { TermMasker } from './term-masker';
export { privacyPass, type PrivacyContext } from './privacy';
export { HashingFileSink, type ByteSink, type FileDigest } from './byte-sink';
export type { RowWriter } from './row-writer';
export { CsvRowWriter, csvField, neutraliseFormula } from './csv-writer';
export { NdjsonRowWriter } from './ndjson-writer';
export {
  DEFAULT_ROW_GROUP_ROWS,
  PARQUET_TYPES,
  ParquetRowWriter,
  parquetSchema,
} from './parquet-writer';
export * from './manifest';
export { runExport, type ExportJob, type ExportProgress } from './export-runner';
export { rollUp, SeriesAggregator, type SeriesOrder } from './series-aggregator';
export * from './sql-sources';
export * from './replay-sources';
export { resolveCodeVersion } from './code-version';
export * from './database-plan';
