//! Figure 7: the size of the installed package.

use crate::util::{root, Row};

pub fn package(rows: &mut Vec<Row>) {
    let dir = root().join("target/release/bundle/deb");
    let deb = std::fs::read_dir(&dir).ok().and_then(|d| {
        d.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|x| x == "deb"))
    });
    match deb {
        Some(p) => {
            let size = std::fs::metadata(&p).expect("meta").len();
            let limit = 8 * 1024 * 1024;
            rows.push(Row {
                figure: "7. .deb package size".into(),
                ours: format!("{:.2} MB", size as f64 / 1048576.0),
                baseline: "8 MB target".into(),
                ratio: size as f64 / limit as f64,
                target: "< 8 MB".into(),
                met: size < limit,
            });
        }
        None => rows.push(Row {
            figure: "7. .deb size".into(),
            ours: "no .deb built".into(),
            baseline: "-".into(),
            ratio: 0.0,
            target: "< 8 MB".into(),
            met: false,
        }),
    }
}
