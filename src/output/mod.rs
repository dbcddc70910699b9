//! Stage 6, `write`: the cleaned workbook per input, the discrepancy report and the
//! consolidated regency workbook, CSV and Parquet. Every file is written to a temporary
//! file in the output folder and renamed into place. (helper-owned)
