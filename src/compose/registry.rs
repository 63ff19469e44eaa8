//! The one table of templates: id, the file (family) that implements it, and its builder.
//! Template texts live in `transforms/templates/<family>.yaml` under the same id.

use super::spec::Spec;
use super::Cx;
use super::*;

pub struct TemplateDef {
    pub id: &'static str,
    pub family: &'static str,
    pub build: fn(&Cx, usize) -> Vec<Spec>,
}

const fn t(
    id: &'static str,
    family: &'static str,
    build: fn(&Cx, usize) -> Vec<Spec>,
) -> TemplateDef {
    TemplateDef { id, family, build }
}

pub static TEMPLATES: &[TemplateDef] = &[
    t("map", "map", map::map),
    t("zip_map", "zip_map", zip_map::zip_map),
    t("filter", "predicate", predicate::filter),
    t("count", "predicate", predicate::count),
    t("any", "predicate", predicate::any),
    t("all", "predicate", predicate::all),
    t("indices", "predicate", predicate::indices),
    t("sum", "aggregate", aggregate::sum),
    t("mean", "aggregate", aggregate::mean),
    t("product", "aggregate", aggregate::product),
    t("argmax", "key", key::argmax),
    t("argmin", "key", key::argmin),
    t("sort_by", "key", key::sort_by),
    t("max_of", "key", key::max_of),
    t("concat", "concat", concat::concat),
    t("flatten", "concat", concat::flatten),
    t("group_by", "group_by", group_by::group_by),
    t("histogram", "group_by", group_by::histogram),
    t("iterate", "iterate", iterate::iterate),
    t("fixpoint", "iterate", iterate::fixpoint),
    t("fold", "fold", fold::fold),
    t("state_scan", "state_scan", state_scan::state_scan),
    t("x_of_xs", "x_of_xs", x_of_xs::x_of_xs),
    t("prefix", "scan", scan::prefix),
    t("suffix", "scan", scan::suffix),
    t("window", "scan", scan::window),
    t("param_sweep", "param_sweep", param_sweep::param_sweep),
    t("pairwise", "pairwise", pairwise::pairwise),
    t("count_pairs", "pairwise", pairwise::count_pairs),
    t("len_of", "projection", projection::len_of),
    t("flatten_call", "projection", projection::flatten_call),
    t("chain", "chain", chain::chain),
    t("round_trip", "round_trip", round_trip::round_trip),
];

pub fn get(id: &str) -> Option<&'static TemplateDef> {
    TEMPLATES.iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_text_and_every_text_a_template() {
        let texts = super::super::text::texts();
        for t in TEMPLATES {
            assert!(texts.contains_key(t.id), "no text for {}", t.id);
        }
        for k in texts.keys() {
            assert!(get(k).is_some(), "text {k} has no template");
        }
        let mut ids: Vec<_> = TEMPLATES.iter().map(|t| t.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), TEMPLATES.len());
    }
}
