//! The tally of one proposal (rules shown on every results page):
//!
//! - **Quorum**: the members who took part (voting themselves or by proxy, abstaining
//!   included) against every member entitled to vote when the window opened, counted per
//!   head, not weighted.
//! - **Expressed votes**: abstentions (blank votes) count for the quorum but not in the
//!   majority: a college's result is each option's share of the votes expressed in it.
//! - **Weights**: the weighted share of an option is the sum, over the colleges, of the
//!   college's weight times the option's share in that college. A college where no vote was
//!   expressed is left out and the others' weights are scaled up to 100 %.
//! - **Majority**: an option wins when its weighted share is more than half (simple) or at
//!   least two thirds (qualified); ties win nothing. Shares are compared exactly (fractions of
//!   big integers); percentages shown are rounded down to a hundredth of a percent.
//! - A motion (for / against) is adopted when "for" wins and the quorum is reached; a choice
//!   between several options is decided when one of them wins and the quorum is reached.

use num_bigint::BigUint;
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// A fraction of the members, e.g. 1/4.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quorum {
    pub num: u32,
    pub den: u32,
}

impl Quorum {
    /// Whether `took_part` members out of `members` reach the quorum (`took_part / members ≥
    /// num / den`). An assembly of nobody reaches no quorum.
    pub fn reached(self, took_part: u64, members: u64) -> bool {
        members > 0 && took_part * u64::from(self.den) >= members * u64::from(self.num)
    }

    /// "1/4"
    pub fn label(self) -> String {
        format!("{}/{}", self.num, self.den)
    }

    /// Accepts quorums from 0 to 1 with small denominators (what statutes write).
    pub fn new(num: u32, den: u32) -> Result<Quorum, Msg> {
        if den == 0 || den > 100 || num > den {
            return Err(Msg::ErrQuorum);
        }
        Ok(Quorum { num, den })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Majority {
    /// More than half of the weighted expressed votes.
    Simple,
    /// At least two thirds of the weighted expressed votes.
    TwoThirds,
}

impl Majority {
    pub fn code(self) -> &'static str {
        match self {
            Majority::Simple => "simple",
            Majority::TwoThirds => "two_thirds",
        }
    }

    pub fn parse(code: &str) -> Option<Majority> {
        [Majority::Simple, Majority::TwoThirds]
            .into_iter()
            .find(|m| m.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Majority::Simple => Msg::GovMajoritySimple,
            Majority::TwoThirds => Msg::GovMajorityTwoThirds,
        }
    }

    /// Whether `part / whole` meets this majority.
    fn met(self, part: &BigUint, whole: &BigUint) -> bool {
        match self {
            Majority::Simple => part * 2u32 > *whole,
            Majority::TwoThirds => part * 3u32 >= whole * 2u32,
        }
    }
}

/// A motion is voted for or against (option 0 is "for"); a choice picks one of its options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProposalKind {
    Motion,
    Choice,
}

impl ProposalKind {
    pub fn code(self) -> &'static str {
        match self {
            ProposalKind::Motion => "motion",
            ProposalKind::Choice => "choice",
        }
    }

    pub fn parse(code: &str) -> Option<ProposalKind> {
        [ProposalKind::Motion, ProposalKind::Choice]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// What one college cast on one proposal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollegeCount {
    /// Basis points (10 000 = 100 %).
    pub weight_bp: u32,
    /// Votes per option, in the proposal's order.
    pub votes: Vec<u64>,
    pub abstentions: u64,
}

impl CollegeCount {
    pub fn expressed(&self) -> u64 {
        self.votes.iter().sum()
    }
}

/// One college's part of a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollegeResult {
    pub votes: Vec<u64>,
    pub abstentions: u64,
    pub expressed: u64,
    /// Each option's share of the college's expressed votes, in basis points (rounded down).
    pub shares_bp: Vec<u32>,
    /// The option with the most votes in the college, if one has more than every other.
    pub leading: Option<usize>,
    /// Whether the college counts in the weighted result (someone expressed a vote).
    pub counted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalResult {
    pub colleges: Vec<CollegeResult>,
    /// Each option's weighted share of the expressed votes, basis points rounded down.
    pub weighted_bp: Vec<u32>,
    /// The option meeting the majority, if any.
    pub winner: Option<usize>,
    pub quorum_reached: bool,
    /// A motion: "for" won and the quorum was reached. A choice: an option won and the
    /// quorum was reached.
    pub adopted: bool,
}

/// Tallies one proposal with `options` options from each college's count, given how many
/// members took part and how many could (`took_part`, `members`, for the quorum).
pub fn tally(
    kind: ProposalKind,
    options: usize,
    colleges: &[CollegeCount],
    quorum: Quorum,
    majority: Majority,
    took_part: u64,
    members: u64,
) -> ProposalResult {
    let counted: Vec<&CollegeCount> = colleges.iter().filter(|c| c.expressed() > 0).collect();
    // Each counted college's share of option o is votes[o] / expressed; with D the product
    // of the expressed counts and W the sum of the counted weights, the weighted share of o
    // is N[o] / (W·D), N[o] = Σ weight · votes[o] · (D / expressed).
    let d: BigUint = counted.iter().map(|c| BigUint::from(c.expressed())).product();
    let w: u64 = counted.iter().map(|c| u64::from(c.weight_bp)).sum();
    let whole = &d * w;
    let numerators: Vec<BigUint> = (0..options)
        .map(|o| {
            counted
                .iter()
                .map(|c| {
                    let votes = c.votes.get(o).copied().unwrap_or(0);
                    (&d / c.expressed()) * u64::from(c.weight_bp) * votes
                })
                .sum()
        })
        .collect();
    // More than half, or at least two thirds: no two options can meet it together.
    let winner = if counted.is_empty() {
        None
    } else {
        (0..options).find(|&o| majority.met(&numerators[o], &whole))
    };
    let weighted_bp = numerators
        .iter()
        .map(|n| {
            if counted.is_empty() {
                0
            } else {
                bp_of(&(n * 10_000u32), &whole)
            }
        })
        .collect();
    let quorum_reached = quorum.reached(took_part, members);
    let adopted = quorum_reached
        && match kind {
            ProposalKind::Motion => winner == Some(0),
            ProposalKind::Choice => winner.is_some(),
        };
    ProposalResult {
        colleges: colleges.iter().map(|c| college_result(c, options)).collect(),
        weighted_bp,
        winner,
        quorum_reached,
        adopted,
    }
}

fn college_result(c: &CollegeCount, options: usize) -> CollegeResult {
    let expressed = c.expressed();
    let votes: Vec<u64> = (0..options).map(|o| c.votes.get(o).copied().unwrap_or(0)).collect();
    let top = votes.iter().copied().max().unwrap_or(0);
    let leading = (expressed > 0 && votes.iter().filter(|&&v| v == top).count() == 1)
        .then(|| votes.iter().position(|&v| v == top))
        .flatten();
    CollegeResult {
        shares_bp: votes
            .iter()
            .map(|&v| (v * 10_000).checked_div(expressed).unwrap_or(0) as u32)
            .collect(),
        votes,
        abstentions: c.abstentions,
        expressed,
        leading,
        counted: expressed > 0,
    }
}

/// `num / den` (num already scaled by 10 000), rounded down, as basis points.
fn bp_of(num: &BigUint, den: &BigUint) -> u32 {
    let q = num / den;
    u32::try_from(q).unwrap_or(10_000).min(10_000)
}
