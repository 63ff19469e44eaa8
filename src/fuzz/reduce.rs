//! Suite reduction: greedy set cover over one combined universe of killed mutants and covered
//! lines. The reduced suite kills every mutant the full suite kills and covers every line it
//! covers, so it keeps the full suite's mutation score by construction.

use std::collections::HashSet;

/// An element of the universe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Goal {
    Mutant(usize),
    Line(u32),
}

/// Pick a small subset of cases covering every goal any case covers. `cost` breaks ties
/// (smaller inputs first), then the index. Returns case indices in ascending order.
pub fn greedy_cover(goals: &[Vec<Goal>], cost: &[usize]) -> Vec<usize> {
    let mut left: HashSet<Goal> = goals.iter().flatten().copied().collect();
    let mut chosen = vec![];
    let mut used = vec![false; goals.len()];
    while !left.is_empty() {
        let mut best: Option<(usize, usize, usize, usize)> = None; // (mutants, gain, cost, idx)
        for (i, g) in goals.iter().enumerate() {
            if used[i] {
                continue;
            }
            let gain = g.iter().filter(|x| left.contains(x)).count();
            if gain == 0 {
                continue;
            }
            let mutants = g
                .iter()
                .filter(|x| matches!(x, Goal::Mutant(_)) && left.contains(x))
                .count();
            let c = cost.get(i).copied().unwrap_or(0);
            let better = match best {
                None => true,
                Some((bm, bg, bc, _)) => {
                    (mutants, gain, std::cmp::Reverse(c)) > (bm, bg, std::cmp::Reverse(bc))
                }
            };
            if better {
                best = Some((mutants, gain, c, i));
            }
        }
        let Some((_, _, _, i)) = best else { break };
        used[i] = true;
        chosen.push(i);
        for x in &goals[i] {
            left.remove(x);
        }
    }
    chosen.sort();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_everything_with_few_cases() {
        let goals = vec![
            vec![Goal::Mutant(0), Goal::Line(1)],
            vec![
                Goal::Mutant(0),
                Goal::Mutant(1),
                Goal::Line(1),
                Goal::Line(2),
            ],
            vec![Goal::Mutant(2)],
            vec![Goal::Mutant(1), Goal::Mutant(2), Goal::Line(3)],
            vec![],
        ];
        let picked = greedy_cover(&goals, &[1, 1, 1, 1, 1]);
        let covered: HashSet<Goal> = picked
            .iter()
            .flat_map(|&i| goals[i].iter().copied())
            .collect();
        let all: HashSet<Goal> = goals.iter().flatten().copied().collect();
        assert_eq!(covered, all);
        assert_eq!(picked, vec![1, 3]);
    }
}
