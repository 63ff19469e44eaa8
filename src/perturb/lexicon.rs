//! The lexicons of `transforms/lexicon/` (see its LICENSE.md), parsed once.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Noun,
    Verb,
    Adj,
    Other,
}

/// One lemma's forms. Verbs: base, 3sg, past, past participle, gerund; nouns: singular,
/// plural; adjectives: base, comparative, superlative.
#[derive(Debug, Clone)]
pub struct Lemma {
    pub pos: Pos,
    pub forms: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Lexicon {
    pub lemmas: Vec<Lemma>,
    /// form -> (lemma index, slot) for every form of every lemma (first lemma wins).
    pub form_of: HashMap<String, Vec<(usize, usize)>>,
    /// word -> (pos, synonyms)
    pub synonyms: HashMap<String, (Pos, Vec<String>)>,
    pub keyboard: HashMap<char, Vec<char>>,
    pub stopwords: HashSet<String>,
    /// role -> natural variable names
    pub var_names: HashMap<String, Vec<String>>,
}

fn pos_of(s: &str) -> Pos {
    match s {
        "n" => Pos::Noun,
        "v" => Pos::Verb,
        "a" => Pos::Adj,
        _ => Pos::Other,
    }
}

fn data_lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut lx = Lexicon::default();
        for l in data_lines(include_str!("../../transforms/lexicon/inflections.tsv")) {
            let mut it = l.split('\t');
            let (Some(pos), Some(_lemma), Some(forms)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let idx = lx.lemmas.len();
            let forms: Vec<String> = forms.split(',').map(str::to_string).collect();
            for (slot, f) in forms.iter().enumerate() {
                let e = lx.form_of.entry(f.clone()).or_default();
                if !e.iter().any(|(i, _)| *i == idx) {
                    e.push((idx, slot));
                }
            }
            lx.lemmas.push(Lemma {
                pos: pos_of(pos),
                forms,
            });
        }
        for l in data_lines(include_str!("../../transforms/lexicon/synonyms.tsv")) {
            let mut it = l.split('\t');
            let (Some(w), Some(pos), Some(syns)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let syns: Vec<String> = syns
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty() && s != w)
                .collect();
            lx.synonyms
                .entry(w.to_string())
                .or_insert((pos_of(pos), syns));
        }
        for l in data_lines(include_str!("../../transforms/lexicon/keyboard_qwerty.tsv")) {
            let mut it = l.split('\t');
            if let (Some(k), Some(n)) = (it.next(), it.next()) {
                if let Some(k) = k.chars().next() {
                    lx.keyboard.insert(k, n.chars().collect());
                }
            }
        }
        for l in data_lines(include_str!("../../transforms/lexicon/stopwords.txt")) {
            lx.stopwords
                .extend(l.split_whitespace().map(str::to_string));
        }
        for l in data_lines(include_str!("../../transforms/lexicon/var_names.tsv")) {
            let mut it = l.split('\t');
            if let Some(role) = it.next() {
                lx.var_names
                    .insert(role.to_string(), it.map(str::to_string).collect());
            }
        }
        lx
    }

    /// Inflection candidates of a lowercase word: (lemma, slot).
    pub fn forms(&self, word: &str) -> Option<(&Lemma, usize)> {
        let (i, slot) = *self.form_of.get(word)?.first()?;
        Some((&self.lemmas[i], slot))
    }

    /// The same slot of another lemma's forms (used to inflect a synonym like the word it replaces).
    pub fn inflect_like(&self, lemma: &str, pos: Pos, slot: usize) -> Option<String> {
        let entries = self.form_of.get(lemma)?;
        entries
            .iter()
            .map(|(i, _)| &self.lemmas[*i])
            .find(|l| l.pos == pos && l.forms.first().map(String::as_str) == Some(lemma))
            .and_then(|l| l.forms.get(slot).cloned())
    }

    /// Synonyms of a lowercase word, inflected like the word when it is an inflected form.
    pub fn synonyms_of(&self, word: &str) -> Vec<String> {
        if let Some((_, syns)) = self.synonyms.get(word) {
            return syns.clone();
        }
        // An inflected form: find its lemma, take the lemma's synonyms in the same slot.
        // A form may belong to several lemmas ("returns": the noun's plural and the verb's
        // 3sg): take the one whose lemma has synonyms of the same part of speech.
        let Some((lemma, slot, syns)) =
            self.form_of
                .get(word)
                .into_iter()
                .flatten()
                .find_map(|(i, slot)| {
                    let lemma = &self.lemmas[*i];
                    let (pos, syns) = self.synonyms.get(&lemma.forms[0])?;
                    (*pos == lemma.pos).then_some((lemma, *slot, syns))
                })
        else {
            return vec![];
        };
        syns.iter()
            .filter_map(|s| {
                let mut parts = s.splitn(2, ' ');
                let head = parts.next()?;
                let rest = parts.next();
                let inflected = self.inflect_like(head, lemma.pos, slot)?;
                Some(match rest {
                    Some(r) => format!("{inflected} {r}"),
                    None => inflected,
                })
            })
            .collect()
    }

    pub fn is_stopword(&self, w: &str) -> bool {
        self.stopwords.contains(&w.to_ascii_lowercase())
    }
}

/// The lexicon, parsed once per process.
pub fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(Lexicon::load)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_inflects() {
        let lx = lexicon();
        assert!(lx.lemmas.len() > 200);
        let (l, slot) = lx.forms("wrote").unwrap();
        assert_eq!((l.forms[0].as_str(), slot), ("write", 2));
        assert!(lx.synonyms_of("returns").iter().any(|s| s == "yields"));
        assert_eq!(lx.keyboard[&'a'], vec!['q', 'w', 's', 'z', 'x']);
        assert!(lx.is_stopword("The"));
        assert!(lx.var_names["idx"].contains(&"idx".to_string()));
    }
}
