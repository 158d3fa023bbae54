//! Shared rules for XML feeds: parsed by roxmltree, which refuses DTDs (so no entity expansion,
//! no external entities), with a cap on nodes and on nesting depth, and errors that name the
//! element and the line.

use crate::error::{Error, Result};

/// No real results file comes near these; a file beyond them is an attack or a mistake.
pub const MAX_NODES: u32 = 20_000_000;
pub const MAX_DEPTH: usize = 64;

pub fn parse<'a>(format: &'static str, text: &'a str) -> Result<roxmltree::Document<'a>> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, opts).map_err(|e| {
        let detail = match e {
            roxmltree::Error::DtdDetected => {
                "it declares a DTD, which Tallyroom refuses (DTDs allow entity expansion)".into()
            }
            other => format!("not well-formed XML: {other}"),
        };
        Error::Malformed { format, detail }
    })?;
    if let Some(deep) = doc.descendants().find(|n| n.ancestors().count() > MAX_DEPTH) {
        return Err(malformed_at(
            format,
            &deep,
            &format!("nesting deeper than {MAX_DEPTH} levels"),
        ));
    }
    Ok(doc)
}

pub fn to_str<'a>(format: &'static str, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| Error::Malformed {
        format,
        detail: format!("not valid UTF-8 at byte {}", e.valid_up_to()),
    })
}

pub fn line_of(node: &roxmltree::Node) -> u32 {
    node.document().text_pos_at(node.range().start).row
}

pub fn malformed_at(format: &'static str, node: &roxmltree::Node, what: &str) -> Error {
    let name = node.tag_name().name();
    Error::Malformed { format, detail: format!("<{name}> on line {}: {what}", line_of(node)) }
}

/// A required attribute.
pub fn attr<'a>(
    format: &'static str,
    node: &roxmltree::Node<'a, '_>,
    name: &str,
) -> Result<&'a str> {
    node.attribute(name)
        .ok_or_else(|| malformed_at(format, node, &format!("the attribute {name} is missing")))
}

/// An optional whole-number attribute; present but not a number is an error.
pub fn num_attr(format: &'static str, node: &roxmltree::Node, name: &str) -> Result<Option<u64>> {
    match node.attribute(name) {
        None => Ok(None),
        Some(v) => v.trim().parse::<u64>().map(Some).map_err(|_| {
            malformed_at(
                format,
                node,
                &format!("{name}=\"{v}\" is not a whole number of 0 or more"),
            )
        }),
    }
}

pub fn child<'a, 'i>(
    node: &roxmltree::Node<'a, 'i>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name(name))
}

pub fn children<'a, 'i: 'a>(
    node: &roxmltree::Node<'a, 'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.has_tag_name(name))
}

pub fn child_text<'a>(node: &roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|c| c.text()).map(str::trim)
}
