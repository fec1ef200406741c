//! Reading a CSV file with a header: known, required and unknown columns, line numbers
//! (the header is line 1), and `;` as separator when a French spreadsheet used it.

use std::collections::HashMap;

use csv::{ReaderBuilder, StringRecord, Trim};

use super::error::{At, ImportError, Problem};
use super::strip_bom;

/// One data row and the line it starts on.
#[derive(Debug)]
pub(crate) struct Row {
    pub line: u64,
    fields: StringRecord,
}

/// A CSV file whose header has been checked.
#[derive(Debug)]
pub(crate) struct Table {
    pub file: String,
    columns: HashMap<&'static str, usize>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Reads `text`; every column must be in `known`, every one of `required` present.
    pub fn read(
        file: &str,
        text: &str,
        known: &[&'static str],
        required: &[&'static str],
    ) -> Result<Table, ImportError> {
        let text = strip_bom(text);
        let header_line = text.lines().next().unwrap_or("");
        let delimiter = if header_line.contains(';') && !header_line.contains(',') { b';' } else { b',' };
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(Trim::All)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            Some(record) => record.map_err(|e| csv_error(file, text, &e))?,
            None => StringRecord::new(),
        };
        let mut columns = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim().to_lowercase();
            let Some(column) = known.iter().find(|k| **k == name) else {
                return Err(header_error(file, &name, Problem::UnknownColumn));
            };
            if columns.insert(*column, i).is_some() {
                return Err(header_error(file, &name, Problem::DuplicateColumn));
            }
        }
        if let Some(missing) = required.iter().find(|r| !columns.contains_key(*r)) {
            return Err(header_error(file, missing, Problem::MissingColumn));
        }
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(file, text, &e))?;
            let line = record.position().map_or(0, |p| line_at(text, p.byte()));
            if record.iter().all(str::is_empty) {
                continue;
            }
            if record.len() != header.len() {
                let problem =
                    Problem::FieldCount { expected: header.len() as u64, found: record.len() as u64 };
                return Err(ImportError::new(file, At::Line(line), "row", problem));
            }
            rows.push(Row { line, fields: record });
        }
        Ok(Table { file: file.to_owned(), columns, rows })
    }

    pub fn has(&self, column: &str) -> bool {
        self.columns.contains_key(column)
    }

    /// The trimmed cell, `""` when empty or when the column is absent.
    pub fn cell<'r>(&self, row: &'r Row, column: &str) -> &'r str {
        self.columns.get(column).and_then(|i| row.fields.get(*i)).unwrap_or("")
    }

    /// The cell parsed, or an error naming its line and column.
    pub fn parse<T, E: Into<Problem>>(
        &self,
        row: &Row,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, ImportError> {
        parse(self.cell(row, column)).map_err(|e| self.err(row, column, e))
    }

    pub fn err(&self, row: &Row, column: &str, problem: impl Into<Problem>) -> ImportError {
        ImportError::new(&self.file, At::Line(row.line), column, problem.into())
    }
}

/// The 1-based line of the record starting at `byte` (the reader counts the blank lines it
/// skipped before a record as part of it, so skip them here too).
fn line_at(text: &str, byte: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while matches!(bytes.get(start), Some(b'\n' | b'\r')) {
        start += 1;
    }
    1 + bytes[..start].iter().filter(|b| **b == b'\n').count() as u64
}

fn header_error(file: &str, column: &str, problem: Problem) -> ImportError {
    let field = if column.is_empty() { "(empty)" } else { column };
    ImportError::new(file, At::Line(1), field, problem)
}

fn csv_error(file: &str, text: &str, e: &csv::Error) -> ImportError {
    let at = e.position().map_or(At::File, |p| At::Line(line_at(text, p.byte())));
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text".to_owned(),
        _ => e.to_string(),
    };
    ImportError::new(file, at, "row", Problem::Csv(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["email", "product", "quantity", "date"];
    const REQUIRED: &[&str] = &["email", "product", "quantity"];

    #[test]
    fn header_and_lines() {
        let text = "\u{feff}Email, product ,quantity\r\n\r\na@b.fr,x,1\r\n,,\n\"c@d.fr\",y,2\n";
        let table = Table::read("s.csv", text, KNOWN, REQUIRED).expect("table");
        let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 5]);
        assert_eq!(table.cell(&table.rows[1], "product"), "y");
        assert_eq!(table.cell(&table.rows[1], "date"), "");
        assert!(!table.has("date"));
    }

    #[test]
    fn semicolons() {
        let table =
            Table::read("s.csv", "email;product;quantity\na@b.fr;x;1\n", KNOWN, REQUIRED).expect("table");
        assert_eq!(table.cell(&table.rows[0], "quantity"), "1");
    }

    #[test]
    fn header_errors() {
        let cases = [
            ("email,product\n", "s.csv:1: quantity: missing column"),
            ("email,product,quantity,colour\n", "s.csv:1: colour: unknown column"),
            ("email,product,quantity,email\n", "s.csv:1: email: column given twice"),
            ("email,product,quantity\na,b\n", "s.csv:2: row: expected 3 fields, found 2"),
        ];
        for (text, expected) in cases {
            let err = Table::read("s.csv", text, KNOWN, REQUIRED).expect_err(text);
            assert_eq!(err.to_string(), expected);
        }
    }
}
