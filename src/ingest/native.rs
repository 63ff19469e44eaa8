//! benchsmith's own JSONL: one serialised [`Problem`] per line.

use super::{Ctx, IngestError, Loaded, Reason};
use crate::model::Problem;

pub fn load(ctx: &Ctx) -> Result<Loaded, IngestError> {
    let v = serde_json::Value::Object(ctx.obj.clone());
    let p: Problem = serde_json::from_value(v).map_err(|e| {
        let msg = e.to_string();
        // serde names the missing/invalid field in its message: surface it as the field.
        let field = msg
            .split('`')
            .nth(1)
            .map(str::to_string)
            .unwrap_or_else(|| "record".to_string());
        ctx.field_err(&field, Reason::BadValue, msg)
    })?;
    Ok(Loaded::Problem(Box::new(p)))
}
