//! NIST SP 1500-103 cast vote records (JSON): see `tabulate.rs`.
