//! Preliminary rounds from cast vote records.
