//! Governance: the cooperative's members (sociétaires), their shares, the colleges they vote
//! in, general assemblies and their secret, college-weighted votes, the decisions register and
//! the audit log (ARCHITECTURE.md, "Governance").
//!
//! The pure rules live here and in the files beside: the SCIC rule on college weights
//! (`colleges`), the share ledger (`shares`), the tally of a proposal (`tally`) and the forms.
//! `store` (ssr only) holds the services and their SQL.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

pub mod colleges;
pub mod forms;
pub mod shares;
pub mod tally;
pub mod views;

#[cfg(feature = "ssr")]
pub mod store;

pub use colleges::{CollegeWeights, check_weights};
pub use forms::{Application, ProposalDraft, parse_application, parse_proposal};
pub use shares::{Holding, MovementKind};
pub use tally::{CollegeCount, CollegeResult, Majority, ProposalKind, ProposalResult, Quorum, tally};
pub use views::*;

/// What kind of member applies: a person or an organisation of a given sort. The cooperative
/// sets, per category, the minimum number of shares and the college it votes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Producer,
    Shopkeeper,
    Resident,
    Worker,
    Association,
    LocalAuthority,
    Company,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Producer,
        Category::Shopkeeper,
        Category::Resident,
        Category::Worker,
        Category::Association,
        Category::LocalAuthority,
        Category::Company,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Category::Producer => "producer",
            Category::Shopkeeper => "shopkeeper",
            Category::Resident => "resident",
            Category::Worker => "worker",
            Category::Association => "association",
            Category::LocalAuthority => "local_authority",
            Category::Company => "company",
        }
    }

    pub fn parse(code: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Category::Producer => Msg::GovCatProducer,
            Category::Shopkeeper => Msg::GovCatShopkeeper,
            Category::Resident => Msg::GovCatResident,
            Category::Worker => Msg::GovCatWorker,
            Category::Association => Msg::GovCatAssociation,
            Category::LocalAuthority => Msg::GovCatLocalAuthority,
            Category::Company => Msg::GovCatCompany,
        }
    }

    /// An organisation names the person who votes for it; a person votes for themself. A
    /// producer or a shop may be a farm or a company, so they name their voter too.
    pub fn is_organisation(self) -> bool {
        !matches!(self, Category::Resident | Category::Worker)
    }
}

/// Where an application or a membership stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemberStatus {
    /// Applied, waiting for the board.
    Applied,
    Refused,
    /// A member: votes, holds shares.
    Active,
    /// Asked to leave: still a member until the board records the refund of the shares.
    Leaving,
    Left,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 5] = [
        MemberStatus::Applied,
        MemberStatus::Refused,
        MemberStatus::Active,
        MemberStatus::Leaving,
        MemberStatus::Left,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MemberStatus::Applied => "applied",
            MemberStatus::Refused => "refused",
            MemberStatus::Active => "active",
            MemberStatus::Leaving => "leaving",
            MemberStatus::Left => "left",
        }
    }

    pub fn parse(code: &str) -> Option<MemberStatus> {
        MemberStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            MemberStatus::Applied => Msg::GovStatusApplied,
            MemberStatus::Refused => Msg::GovStatusRefused,
            MemberStatus::Active => Msg::GovStatusActive,
            MemberStatus::Leaving => Msg::GovStatusLeaving,
            MemberStatus::Left => Msg::GovStatusLeft,
        }
    }

    /// Members vote (and count for the quorum) until they have left.
    pub fn votes(self) -> bool {
        matches!(self, MemberStatus::Active | MemberStatus::Leaving)
    }
}

/// An ordinary or extraordinary general assembly: each has its quorum and majority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssemblyKind {
    Ordinary,
    Extraordinary,
}

impl AssemblyKind {
    pub fn code(self) -> &'static str {
        match self {
            AssemblyKind::Ordinary => "ordinary",
            AssemblyKind::Extraordinary => "extraordinary",
        }
    }

    pub fn parse(code: &str) -> Option<AssemblyKind> {
        [AssemblyKind::Ordinary, AssemblyKind::Extraordinary]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            AssemblyKind::Ordinary => Msg::GovAssemblyOrdinary,
            AssemblyKind::Extraordinary => Msg::GovAssemblyExtraordinary,
        }
    }
}

/// An assembly is convened (agenda sent), then its voting window opens and closes (by the
/// clock), then its results are published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssemblyStatus {
    Convened,
    Open,
    Closed,
}

impl AssemblyStatus {
    pub fn code(self) -> &'static str {
        match self {
            AssemblyStatus::Convened => "convened",
            AssemblyStatus::Open => "open",
            AssemblyStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<AssemblyStatus> {
        [AssemblyStatus::Convened, AssemblyStatus::Open, AssemblyStatus::Closed]
            .into_iter()
            .find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            AssemblyStatus::Convened => Msg::GovAssemblyConvened,
            AssemblyStatus::Open => Msg::GovAssemblyOpen,
            AssemblyStatus::Closed => Msg::GovAssemblyClosed,
        }
    }
}

#[cfg(test)]
mod tests;
