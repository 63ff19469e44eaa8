//! Code-format transforms on the partial-code prompt: whitespace, line breaks, comments.
pub mod doc2comments;
pub mod new_line_aftercode;
pub mod new_line_afterdoc;
pub mod new_lines;
pub mod split_lines;
pub mod tab_indent;

use super::common::walk;
use super::Ctx;

/// Byte ranges of string literals (their interior lines must not be re-indented or broken).
pub fn string_ranges(cx: &Ctx<'_>) -> Vec<(usize, usize)> {
    let mut out = vec![];
    walk(cx.tree.root_node(), &mut |n| {
        if n.kind() == "string" {
            out.push((n.start_byte(), n.end_byte()));
        }
    });
    out
}

pub fn inside(ranges: &[(usize, usize)], pos: usize) -> bool {
    ranges.iter().any(|(s, e)| *s < pos && pos < *e)
}
