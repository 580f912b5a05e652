//! Governance: my membership, general assemblies and their votes, the decisions register, and
//! the board's register, colleges, convocations and audit log.

pub mod api;
mod assemblies;
mod board;
mod documents;
mod membership;

pub use assemblies::{AssembliesPage, AssemblyDetailPage, DecisionsPage};
pub use board::{AuditPage, CollegesPage, ConvenePage, RegisterPage};
pub use documents::{MinutesPage, RegisterPrintPage};
pub use membership::MembershipPage;
