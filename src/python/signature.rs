//! The signature of a function definition: parameters, annotations, defaults, return type.

use super::literal::eval_literal;
use super::parse::{children, named_children, text};
use crate::model::{Type, Value};
use serde::Serialize;
use tree_sitter::Node;

/// A byte range `start..end` in the analysed program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span of a node.
    pub fn of(node: Node<'_>) -> Span {
        Span {
            start: node.start_byte(),
            end: node.end_byte(),
        }
    }
    /// The text of the span in `src`.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

/// How a parameter binds arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A plain positional-or-keyword parameter without default.
    Positional,
    /// A positional-or-keyword parameter with a default.
    Default,
    /// `*args`.
    VarArgs,
    /// A parameter after `*` or `*args` (with or without default).
    KeywordOnly,
    /// `**kwargs`.
    VarKwargs,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// The annotation's source text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    /// The annotation parsed by [`Type::parse`] (absent when missing or unparseable).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<Type>,
    /// The default's source text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The default as a value, when it is a literal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_value: Option<Value>,
}

/// The signature of a function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signature {
    pub name: String,
    pub params: Vec<Param>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_annotation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_type: Option<Type>,
    /// The whole definition, decorators included.
    pub def_span: Span,
    /// The body block.
    pub body_span: Span,
    pub is_async: bool,
    /// Decorator source texts (without `@`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decorators: Vec<String>,
}

fn parse_type(annotation: &str) -> Option<Type> {
    Type::parse(annotation).ok()
}

/// Extract the signature of a `function_definition` node.
pub fn signature(def: Node<'_>, src: &str) -> Option<Signature> {
    if def.kind() != "function_definition" {
        return None;
    }
    let name = text(def.child_by_field_name("name")?, src).to_string();
    let mut params = Vec::new();
    let mut keyword_only = false;
    if let Some(ps) = def.child_by_field_name("parameters") {
        for p in named_children(ps) {
            if let Some(param) = param(p, src, &mut keyword_only) {
                params.push(param);
            }
        }
    }
    let return_annotation = def
        .child_by_field_name("return_type")
        .map(|t| text(t, src).to_string());
    let return_type = return_annotation.as_deref().and_then(parse_type);
    let is_async = children(def).first().is_some_and(|c| c.kind() == "async");
    let (outer, decorators) = match def.parent() {
        Some(p) if p.kind() == "decorated_definition" => {
            let decos = named_children(p)
                .into_iter()
                .filter(|c| c.kind() == "decorator")
                .map(|d| text(d, src).trim_start_matches('@').trim().to_string())
                .collect();
            (p, decos)
        }
        _ => (def, vec![]),
    };
    let body = def.child_by_field_name("body")?;
    Some(Signature {
        name,
        params,
        return_annotation,
        return_type,
        def_span: Span::of(outer),
        body_span: Span::of(body),
        is_async,
        decorators,
    })
}

fn param(p: Node<'_>, src: &str, keyword_only: &mut bool) -> Option<Param> {
    let plain = |name: &str, kind| Param {
        name: name.to_string(),
        kind,
        annotation: None,
        ty: None,
        default: None,
        default_value: None,
    };
    let pos_kind = |kw: bool, has_default: bool| {
        if kw {
            ParamKind::KeywordOnly
        } else if has_default {
            ParamKind::Default
        } else {
            ParamKind::Positional
        }
    };
    match p.kind() {
        "identifier" => Some(plain(text(p, src), pos_kind(*keyword_only, false))),
        "keyword_separator" => {
            *keyword_only = true;
            None
        }
        "positional_separator" => None,
        "list_splat_pattern" => {
            *keyword_only = true;
            let inner = named_children(p).into_iter().next()?;
            Some(plain(text(inner, src), ParamKind::VarArgs))
        }
        "dictionary_splat_pattern" => {
            let inner = named_children(p).into_iter().next()?;
            Some(plain(text(inner, src), ParamKind::VarKwargs))
        }
        "typed_parameter" => {
            let ty = p.child_by_field_name("type")?;
            let target = named_children(p).into_iter().find(|c| c.id() != ty.id())?;
            let mut out = match target.kind() {
                "list_splat_pattern" => {
                    *keyword_only = true;
                    plain(
                        text(named_children(target).into_iter().next()?, src),
                        ParamKind::VarArgs,
                    )
                }
                "dictionary_splat_pattern" => plain(
                    text(named_children(target).into_iter().next()?, src),
                    ParamKind::VarKwargs,
                ),
                _ => plain(text(target, src), pos_kind(*keyword_only, false)),
            };
            out.annotation = Some(text(ty, src).to_string());
            out.ty = parse_type(text(ty, src));
            Some(out)
        }
        "default_parameter" | "typed_default_parameter" => {
            let name = p.child_by_field_name("name")?;
            let value = p.child_by_field_name("value")?;
            let mut out = plain(text(name, src), pos_kind(*keyword_only, true));
            if let Some(ty) = p.child_by_field_name("type") {
                out.annotation = Some(text(ty, src).to_string());
                out.ty = parse_type(text(ty, src));
            }
            out.default = Some(text(value, src).to_string());
            out.default_value = eval_literal(value, src);
            Some(out)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::parse::parse;

    #[test]
    fn full_signature() {
        let src = "@cache\nasync def f(a, b: int, c=1, d: List[int] = [], *args, e, f=None, **kw) -> bool:\n    pass\n";
        let tree = parse(src);
        let mut stack = vec![tree.root_node()];
        let mut def = None;
        while let Some(n) = stack.pop() {
            if n.kind() == "function_definition" {
                def = Some(n);
                break;
            }
            stack.extend(named_children(n));
        }
        let sig = signature(def.unwrap(), src).unwrap();
        assert_eq!(sig.name, "f");
        assert!(sig.is_async);
        assert_eq!(sig.decorators, vec!["cache"]);
        let kinds: Vec<_> = sig
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.kind))
            .collect();
        use ParamKind::*;
        assert_eq!(
            kinds,
            vec![
                ("a", Positional),
                ("b", Positional),
                ("c", Default),
                ("d", Default),
                ("args", VarArgs),
                ("e", KeywordOnly),
                ("f", KeywordOnly),
                ("kw", VarKwargs)
            ]
        );
        assert_eq!(sig.params[1].ty, Some(Type::Int));
        assert_eq!(sig.params[2].default_value, Some(Value::int(1)));
        assert_eq!(sig.params[3].default_value, Some(Value::List(vec![])));
        assert_eq!(sig.return_type, Some(Type::Bool));
        assert_eq!(sig.def_span.start, 0);
    }
}
