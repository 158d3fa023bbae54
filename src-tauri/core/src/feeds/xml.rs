//! Shared rules for XML feeds read as a tree (NIST): parsed by roxmltree, which refuses DTDs
//! (so no entity expansion, no external entities), with a cap on nodes and on nesting depth, and
//! errors that name the element and the line. Clarity streams instead (`clarity.rs`) under the
//! same limits.

use crate::error::{Error, FeedError, Result};

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
        Error::from(FeedError::Malformed { format, detail })
    })?;
    // One walk in document order, where a parent always comes before its children, so each
    // node's depth is its parent's plus one (asking each node for its ancestors would cost
    // depth × nodes).
    let mut depth = vec![0usize; doc.descendants().count()];
    for n in doc.descendants() {
        let d = n.parent().map_or(0, |p| depth[p.id().get_usize()] + 1);
        depth[n.id().get_usize()] = d;
        if d > MAX_DEPTH {
            return Err(malformed_at(
                format,
                &n,
                &format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
    }
    Ok(doc)
}

pub fn to_str<'a>(format: &'static str, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::from(FeedError::Malformed {
            format,
            detail: format!("not valid UTF-8 at byte {}", e.valid_up_to()),
        })
    })
}

pub fn line_of(node: &roxmltree::Node) -> u32 {
    node.document().text_pos_at(node.range().start).row
}

pub fn malformed_at(format: &'static str, node: &roxmltree::Node, what: &str) -> Error {
    let name = node.tag_name().name();
    Error::from(FeedError::Malformed {
        format,
        detail: format!("<{name}> on line {}: {what}", line_of(node)),
    })
}
