//! What the governance pages show, built by the store and read by the UI (server and browser).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::forms::SharePayment;
use super::{
    AssemblyKind, AssemblyStatus, Category, Majority, MemberStatus, MovementKind, ProposalKind, ProposalResult, Quorum,
};

/// A member (or an applicant) as the board and the member see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i64,
    pub number: Option<i32>,
    pub name: String,
    pub email: String,
    pub category: Category,
    pub status: MemberStatus,
    pub registration: String,
    pub representative: String,
    pub address: String,
    pub shares_applied: i32,
    pub payment: SharePayment,
    /// Paid by card when applying, not yet in the register (it is entered when approved).
    pub card_paid_cents: i64,
    pub card_paid_on: Option<NaiveDate>,
    pub applied_at: DateTime<Utc>,
    pub refusal_reason: String,
    /// The holding: the sums of the member's share movements.
    pub shares: i64,
    pub paid_cents: i64,
    pub college: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovementView {
    pub kind: MovementKind,
    pub shares: i32,
    pub cents: i64,
    pub reference: String,
    pub occurred_on: NaiveDate,
}

/// What the cooperative sets for its members and assemblies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub share_value_cents: i64,
    pub notice_days: i32,
    pub max_proxies: i32,
    pub ordinary_quorum: Quorum,
    pub ordinary_majority: Majority,
    pub extraordinary_quorum: Quorum,
    pub extraordinary_majority: Majority,
    pub refund_rule: String,
}

/// A category open to applications: its college and minimum number of shares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRule {
    pub category: Category,
    pub college: String,
    pub min_shares: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollegeView {
    pub id: i64,
    pub name: String,
    pub weight_bp: i32,
    pub categories: Vec<Category>,
    pub members: i64,
}

/// The colleges page: the colleges, the rules of applying, and the adopted decisions that can
/// still change the weights.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollegesPage {
    pub colleges: Vec<CollegeView>,
    pub decisions: Vec<DecisionView>,
}

/// My membership page: the application form's rules, or my membership and its history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMembership {
    pub member: Option<MemberView>,
    pub movements: Vec<MovementView>,
    pub settings: Settings,
    pub categories: Vec<CategoryRule>,
    pub zone: crate::time::Zone,
    /// Whether shares can be paid by card.
    pub cards: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblySummary {
    pub id: i64,
    pub kind: AssemblyKind,
    pub title: String,
    pub status: AssemblyStatus,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    pub id: i64,
    pub position: i32,
    pub title: String,
    pub body: String,
    pub kind: ProposalKind,
    /// A choice's options; a motion's are "for" and "against" (translated by the page).
    pub options: Vec<String>,
    /// After the window closed.
    pub result: Option<ProposalResult>,
    /// Its number in the decisions register, once closed.
    pub decision: Option<i32>,
}

impl ProposalView {
    pub fn option_count(&self) -> usize {
        match self.kind {
            ProposalKind::Motion => 2,
            ProposalKind::Choice => self.options.len(),
        }
    }
}

/// Someone the signed-in member votes for: themself or a member who gave them a proxy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Represented {
    pub member_id: i64,
    pub name: String,
    pub is_me: bool,
    pub voted: bool,
}

/// The signed-in member's part in an assembly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPart {
    pub member_id: i64,
    pub number: Option<i32>,
    pub college: Option<String>,
    /// Whom I vote for (me unless I gave a proxy, and those who gave me theirs).
    pub votes_for: Vec<Represented>,
    /// The member I gave my proxy to (name, number).
    pub proxy_to: Option<(String, i32)>,
    /// Those who gave me theirs.
    pub proxies_held: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyCollege {
    pub name: String,
    pub weight_bp: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssemblyPage {
    pub summary: AssemblySummary,
    /// The cooperative's name and when the assembly was convened, for its minutes.
    pub coop_name: String,
    pub convened_at: DateTime<Utc>,
    pub zone: crate::time::Zone,
    pub quorum: Quorum,
    pub majority: Majority,
    pub proposals: Vec<ProposalView>,
    /// The colleges and weights as the window opened (or as they stand, before).
    pub colleges: Vec<AssemblyCollege>,
    pub electorate: Option<i32>,
    pub took_part: Option<i32>,
    pub max_proxies: i32,
    /// Once the window opened: per college, who took part out of who could.
    pub turnout: Vec<CollegeTurnout>,
    /// None: the viewer is not a member.
    pub me: Option<MyPart>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollegeTurnout {
    pub name: String,
    pub voted: i64,
    pub electorate: i64,
}

/// An entry of the decisions register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub id: i64,
    pub number: i32,
    pub assembly_id: i64,
    pub assembly_title: String,
    pub proposal_title: String,
    pub body: String,
    pub adopted: bool,
    /// The option chosen (a choice), or None.
    pub chosen: Option<String>,
    pub decided_at: DateTime<Utc>,
}

/// The whole share register as a document to print: every member ever approved, by number,
/// with the movements of their shares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterDocument {
    pub coop_name: String,
    pub zone: crate::time::Zone,
    pub printed_at: DateTime<Utc>,
    pub members: Vec<RegisterEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEntry {
    pub member: MemberView,
    pub movements: Vec<MovementView>,
}
