/**
 * The batch size of reads whose answer grows with the data (counters over many months, every located area of
 * Peru): large enough that the first batch holds the whole answer, so a read is one database command (MongoDB
 * caps a batch at 16 MiB), as the command-count tests assert.
 */
export const LARGE_BATCH = 100_000;
