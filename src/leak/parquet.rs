//! Parquet corpora (feature `parquet`): the text, id, language and path columns by name, read
//! row group by row group through the record API (only those columns are decoded).

use super::corpus::{CorpusOptions, RecordError};
use super::LeakError;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use parquet::schema::types::Type;
use std::path::Path;
use std::sync::Arc;

/// One row's fields (a row that cannot be used is a [`RecordError`]).
pub struct Row {
    pub text: String,
    pub id: Option<String>,
    pub lang: Option<String>,
    pub path: Option<String>,
}

fn field_text(f: &Field) -> Option<String> {
    match f {
        Field::Null => None,
        Field::Str(s) => Some(s.clone()),
        Field::Bytes(b) => Some(String::from_utf8_lossy(b.data()).into_owned()),
        other => Some(other.to_string()),
    }
}

/// Call `f` with every row (1-based number) that `wanted` accepts.
pub fn read(
    path: &Path,
    opts: &CorpusOptions,
    wanted: impl Fn(u64) -> bool,
    mut f: impl FnMut(u64, Result<Row, RecordError>) -> Result<(), LeakError>,
) -> Result<(), LeakError> {
    let err = |e: parquet::errors::ParquetError| LeakError::io(path, format!("parquet: {e}"));
    let file = std::fs::File::open(path).map_err(|e| LeakError::io(path, e.to_string()))?;
    let reader = SerializedFileReader::new(file).map_err(err)?;
    let schema = reader.metadata().file_metadata().schema();
    let lang_names: Vec<&str> = match &opts.lang_field {
        Some(l) => vec![l.as_str()],
        None => vec!["lang", "language"],
    };
    let path_names = ["path", "max_stars_repo_path", "file_path", "filename"];
    let keep = |name: &str| {
        name == opts.text_field
            || name == opts.id_field
            || lang_names.contains(&name)
            || path_names.contains(&name)
    };
    let fields: Vec<Arc<Type>> = schema
        .get_fields()
        .iter()
        .filter(|t| keep(t.name()))
        .cloned()
        .collect();
    if !fields.iter().any(|t| t.name() == opts.text_field) {
        return Err(LeakError::Input {
            path: path.display().to_string(),
            message: format!("no column `{}` (use --text-field)", opts.text_field),
        });
    }
    let projection = Type::group_type_builder(schema.name())
        .with_fields(fields)
        .build()
        .map_err(err)?;
    let rows = reader.get_row_iter(Some(projection)).map_err(err)?;
    for (k, row) in rows.enumerate() {
        let n = k as u64 + 1;
        if !wanted(n) {
            continue;
        }
        let row = row.map_err(err)?;
        let mut out = Row {
            text: String::new(),
            id: None,
            lang: None,
            path: None,
        };
        let mut text = None;
        for (name, value) in row.get_column_iter() {
            let name = name.as_str();
            if name == opts.text_field {
                text = field_text(value);
            } else if name == opts.id_field {
                out.id = field_text(value);
            } else if lang_names.contains(&name) {
                out.lang = field_text(value);
            } else if path_names.contains(&name) {
                out.path = field_text(value);
            }
        }
        let got = match text {
            Some(t) => {
                out.text = t;
                Ok(out)
            }
            None => Err(RecordError::NullText(opts.text_field.clone())),
        };
        f(n, got)?;
    }
    Ok(())
}
