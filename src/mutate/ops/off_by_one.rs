//! Off-by-one in ranges and slices: `range(a, b)`→`range(a, b + 1)` / `range(a, b - 1)` /
//! `range(a + 1, b)`, and `x[i:j]`→`x[i + 1:j]` / `x[i:j - 1]`.

use super::Site;
use crate::python::parse::text;
use tree_sitter::Node;

fn shift(n: Node<'_>, src: &str, d: &str) -> Site {
    let t = text(n, src);
    let to = format!("({t}) {d}");
    Site {
        start: n.start_byte(),
        end: n.end_byte(),
        what: format!("`{t}` -> `{to}`"),
        text: to,
    }
}

pub fn find(node: Node<'_>, src: &str) -> Vec<Site> {
    match node.kind() {
        "call" => {
            let is_range = node
                .child_by_field_name("function")
                .is_some_and(|f| text(f, src) == "range");
            let Some(args) = node.child_by_field_name("arguments").filter(|_| is_range) else {
                return vec![];
            };
            let mut c = args.walk();
            let xs: Vec<Node> = args
                .named_children(&mut c)
                .filter(|n| n.kind() != "comment")
                .collect();
            match xs.len() {
                1 => vec![shift(xs[0], src, "+ 1"), shift(xs[0], src, "- 1")],
                2 | 3 => vec![
                    shift(xs[1], src, "+ 1"),
                    shift(xs[1], src, "- 1"),
                    shift(xs[0], src, "+ 1"),
                ],
                _ => vec![],
            }
        }
        "slice" => {
            let mut c = node.walk();
            let kids: Vec<Node> = node.children(&mut c).collect();
            // start ':' stop (':' step): only the parts before the second colon.
            let mut out = vec![];
            let mut colons = 0;
            for k in kids {
                if k.kind() == ":" {
                    colons += 1;
                    continue;
                }
                if colons >= 2 || !k.is_named() {
                    continue;
                }
                out.push(shift(k, src, if colons == 0 { "+ 1" } else { "- 1" }));
            }
            out
        }
        _ => vec![],
    }
}
