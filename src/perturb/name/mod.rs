//! Function-name transforms: the entry point and every reference to it (prompt, solution,
//! docstring example calls, tests), by identifier, never by substring. Helpers keep their names.
pub mod butter_finger;
pub mod camel_case;
pub mod change_char;
pub mod inflectional_variation;
pub mod swap_char;
pub mod synonym_sub;

use super::common::{is_identifier, rename_function};
use super::{na, Ctx, PResult};

/// Rename to `new` (after cleaning it to an identifier: alphanumerics and `_`).
pub fn rename_to(cx: &Ctx<'_>, new: String) -> PResult {
    let cleaned: String = new
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if !is_identifier(&cleaned) {
        return na(format!("`{cleaned}` is not an identifier"));
    }
    rename_function(cx, &cleaned)
}
