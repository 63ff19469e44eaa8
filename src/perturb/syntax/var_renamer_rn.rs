//! VarRenamerRN: the most frequent local variable becomes a random name of the same length
//! (a letter, then letters and digits, digits weighted x6 as in ReCode).
use crate::perturb::common::{fresh_name, rename_local, rename_target};
use crate::perturb::{na, Ctx, PResult, Params, Rng, Spec, Transform};

pub struct VarRenamerRN;

pub fn random_name(rng: &mut Rng, len: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut pool: Vec<u8> = LETTERS.to_vec();
    for _ in 0..6 {
        pool.extend_from_slice(b"0123456789");
    }
    let mut s = String::new();
    s.push(*rng.pick(LETTERS).unwrap_or(&b'v') as char);
    for _ in 1..len.max(1) {
        s.push(*rng.pick(&pool).unwrap_or(&b'0') as char);
    }
    s
}

impl Transform for VarRenamerRN {
    fn plan(&self, cx: &Ctx<'_>, rng: &mut Rng, _p: &Params, _spec: &Spec) -> PResult {
        let Some(old) = rename_target(cx) else {
            return na("no local variable used in the visible part");
        };
        for _ in 0..20 {
            let new = random_name(rng, old.len());
            if fresh_name(cx, &new) && new != old {
                return rename_local(cx, &old, &new);
            }
        }
        na("no fresh random name")
    }
}
