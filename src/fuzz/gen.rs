//! Per-problem generator state: the four generators' streams, the tier and size buckets, the
//! coverage and corpus that steer later rounds, and the candidates they yield.

use super::*;

/// Per-problem generator state.
pub(super) struct GenState {
    pub(super) seen: HashSet<String>,
    pub(super) runner: TestRunner,
    pub(super) rng: rng::Rng,
    pub(super) strategies: Vec<Vec<Vec<BoxedStrategy<Value>>>>, // [tier][bucket][param]
    pub(super) ingredients: seeds::Ingredients,
    pub(super) corpus: Vec<Vec<u8>>,
    pub(super) covered: HashSet<u32>,
    pub(super) tried: BTreeMap<Source, usize>,
    pub(super) valid: BTreeMap<Source, usize>,
    pub(super) exhausted: bool,
    pub(super) pilot: bool,
    /// The last round yielded almost nothing: stop spending time on this problem.
    pub(super) stalled: bool,
    /// The contract in force (inferred, from file, plus bounds learned from timeouts).
    pub(super) contract: Contract,
}

pub(super) struct Candidate {
    pub(super) args: Vec<Value>,
    pub(super) source: Source,
    pub(super) bytes: Option<Vec<u8>>,
}

pub(super) const BUCKETS: usize = 4;

impl GenState {
    pub(super) fn build(
        types: &[Type],
        contract: &Contract,
    ) -> Vec<Vec<Vec<BoxedStrategy<Value>>>> {
        let mut strategies = vec![];
        for tier in [Tier::Small, Tier::Large] {
            let mut per_bucket = vec![];
            for b in 0..BUCKETS {
                let size = (b + 1) as f64 / BUCKETS as f64;
                let ps: Vec<BoxedStrategy<Value>> = types
                    .iter()
                    .zip(&contract.params)
                    .filter_map(|(t, (_, c))| strategy::strategy(t, c, tier, size, 0))
                    .collect();
                per_bucket.push(ps);
            }
            strategies.push(per_bucket);
        }
        strategies
    }

    pub(super) fn rebuild(&mut self, types: &[Type]) {
        self.strategies = GenState::build(types, &self.contract);
    }

    pub(super) fn new(task_id: &str, prep: &Prepared, seed: u64) -> GenState {
        let strategies = GenState::build(&prep.types, &prep.contract);
        let mut seen = HashSet::new();
        for a in &prep.observed {
            seen.insert(args_key(a));
        }
        GenState {
            seen,
            runner: rng::runner(seed, task_id, "typed"),
            rng: rng::Rng::stream(seed, task_id, "mutate"),
            strategies,
            ingredients: seeds::Ingredients::collect(&prep.observed),
            corpus: vec![],
            covered: HashSet::new(),
            tried: BTreeMap::new(),
            valid: BTreeMap::new(),
            exhausted: false,
            pilot: true,
            stalled: false,
            contract: prep.contract.clone(),
        }
    }

    pub(super) fn weight(&self, s: Source, has_seeds: bool) -> f64 {
        if self.pilot {
            return if s == Source::SeedMutation && !has_seeds {
                0.0
            } else {
                1.0
            };
        }
        let base = match s {
            Source::TypedSmall => 0.3,
            Source::TypedLarge => 0.15,
            Source::SeedMutation => {
                if has_seeds {
                    0.4
                } else {
                    0.0
                }
            }
            Source::Bytes => 0.15,
            Source::Observed | Source::Given => 0.0,
        };
        let t = *self.tried.get(&s).unwrap_or(&0) as f64;
        let v = *self.valid.get(&s).unwrap_or(&0) as f64;
        let rate = (v + 1.0) / (t + 2.0);
        base * rate.powi(5)
    }

    pub(super) fn pick_source(&mut self, has_seeds: bool) -> Source {
        let ws: Vec<f64> = GENERATORS
            .iter()
            .map(|s| self.weight(*s, has_seeds))
            .collect();
        let total: f64 = ws.iter().sum();
        let mut x = self.rng.unit() * total;
        for (s, w) in GENERATORS.iter().zip(ws) {
            if x < w {
                return *s;
            }
            x -= w;
        }
        Source::TypedSmall
    }

    pub(super) fn generate(
        &mut self,
        prep: &Prepared,
        bucket: usize,
        stats: &mut Stats,
        n: usize,
    ) -> Vec<Candidate> {
        let mut out = vec![];
        let has_seeds = !prep.observed.is_empty();
        let mut attempts = 0;
        let mut dup_streak = 0;
        while out.len() < n && attempts < n * 40 {
            attempts += 1;
            let source = self.pick_source(has_seeds);
            let mut bytes = None;
            let args = match source {
                Source::TypedSmall | Source::TypedLarge => {
                    let tier = if source == Source::TypedSmall { 0 } else { 1 };
                    let mut args = vec![];
                    for s in &self.strategies[tier][bucket] {
                        match s.new_tree(&mut self.runner) {
                            Ok(t) => args.push(t.current()),
                            Err(_) => break,
                        }
                    }
                    if args.len() != prep.types.len() {
                        continue;
                    }
                    self.contract.repair(&mut args);
                    Some(args)
                }
                Source::SeedMutation => seeds::mutate_args(
                    &prep.observed,
                    &prep.types,
                    &self.contract,
                    &self.ingredients,
                    &mut self.rng,
                ),
                Source::Bytes | Source::Observed | Source::Given => {
                    let data = if !self.corpus.is_empty() && self.rng.chance(0.7) {
                        let a = self.rng.below(self.corpus.len());
                        let b = self.rng.below(self.corpus.len());
                        bytes::mutate(&self.corpus[a], Some(&self.corpus[b]), &mut self.rng)
                    } else {
                        let len = 16 + self.rng.below(24 * (bucket + 1) * 4);
                        self.rng.bytes(len)
                    };
                    let args = bytes::decode(&prep.types, &self.contract, &data);
                    bytes = Some(data);
                    args
                }
            };
            let Some(mut args) = args else { continue };
            self.contract.repair_shapes(&mut args);
            if !self.seen.insert(args_key(&args)) {
                stats.duplicates += 1;
                dup_streak += 1;
                if dup_streak > 1000 {
                    self.exhausted |= bucket + 1 >= BUCKETS;
                    break;
                }
                continue;
            }
            dup_streak = 0;
            stats.candidates += 1;
            *self.tried.entry(source).or_default() += 1;
            if !prep.types.iter().zip(&args).all(|(t, v)| t.admits(v)) {
                stats.type_mismatch += 1;
                continue;
            }
            if self.contract.violation(&args).is_some() {
                stats.contract += 1;
                continue;
            }
            out.push(Candidate {
                args,
                source,
                bytes,
            });
        }
        if out.len() < n && attempts >= n * 40 && bucket + 1 >= BUCKETS {
            self.exhausted = true;
        }
        out
    }
}
