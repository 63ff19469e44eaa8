//! ReCode's partial-code prompt: signature, docstring and the first ⌊n/2⌋ lines of the body
//! (blank lines counted). benchsmith moves the cut back to the nearest statement boundary
//! that does not leave an opened block empty, so the prompt never ends inside a statement.

use crate::python::analysis::analyse;

/// Where to cut `prompt + solution` (an offset into that program), or `None` when the
/// program cannot be analysed.
pub fn cut(prompt: &str, solution: &str, entry: &str) -> Option<usize> {
    let a = analyse(prompt, solution, entry).ok()?;
    let plen = prompt.len();
    let program = format!("{prompt}{solution}");
    let body_end = a.signature.body_span.end.max(plen);
    let body = &program[plen..body_end];
    let n = body.trim_end().lines().count();
    let target = n / 2;
    let lines = &a.body_lines;
    let mut best = plen;
    for i in 1..lines.len() {
        let start = crate::perturb::common::line_start(&program, lines[i].span.start);
        if start < plen || lines[i].depth > lines[i - 1].depth {
            continue;
        }
        // Clause headers (`else:`, `elif`, `except`) stay with their statement.
        let t = program[start..].trim_start();
        if ["else", "elif", "except", "finally", "case"]
            .iter()
            .any(|k| {
                t.starts_with(k)
                    && !t[k.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        {
            continue;
        }
        let line_idx = program[plen..start].matches('\n').count();
        if line_idx <= target && start > best {
            best = start;
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cuts_at_half() {
        let prompt = "def f(xs):\n    \"\"\"Doc.\"\"\"\n";
        let sol = "    a = 1\n    b = 2\n    for x in xs:\n        a += x\n    return a + b\n";
        let c = super::cut(prompt, sol, "f").unwrap();
        let p = format!("{prompt}{sol}");
        assert_eq!(
            &p[..c],
            "def f(xs):\n    \"\"\"Doc.\"\"\"\n    a = 1\n    b = 2\n"
        );
        // Never right after a block header.
        let sol2 = "    for x in xs:\n        y = x\n        z = y\n        w = z\n";
        let c2 = super::cut(prompt, sol2, "f").unwrap();
        let p2 = format!("{prompt}{sol2}");
        assert!(p2[..c2].ends_with("y = x\n"), "{}", &p2[..c2]);
        // One-line body: empty visible part.
        assert_eq!(
            super::cut(prompt, "    return xs\n", "f").unwrap(),
            prompt.len()
        );
    }
}
