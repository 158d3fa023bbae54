//! RCTab's configuration: see `tabulate.rs`.
