//! Tests of the governance rules: college weights, the share ledger, the tally, the forms.

use proptest::prelude::*;

use super::colleges::{format_percent, parse_percent};
use super::forms::{ApplicationForm, SharePayment};
use super::*;
use crate::i18n::{Locale, Msg};

/// An application form as typed, field by field in the form's order.
fn form<'a>(
    category: &'a str,
    name: &'a str,
    registration: &'a str,
    representative: &'a str,
    address: &'a str,
    shares: &'a str,
    payment: &'a str,
) -> ApplicationForm<'a> {
    ApplicationForm {
        category,
        name,
        registration,
        representative,
        address,
        shares,
        payment,
    }
}

const QUARTER: Quorum = Quorum { num: 1, den: 4 };

fn college(weight_bp: u32, votes: &[u64], abstentions: u64) -> CollegeCount {
    CollegeCount {
        weight_bp,
        votes: votes.to_vec(),
        abstentions,
    }
}

#[test]
fn the_scic_rule_on_college_weights() {
    assert!(check_weights(&[4000, 3000, 2000, 1000]).is_ok());
    assert!(check_weights(&[5000, 2500, 2500]).is_ok());
    assert_eq!(check_weights(&[5000, 5000]), Err(Msg::ErrCollegesTooFew));
    assert_eq!(check_weights(&[]), Err(Msg::ErrCollegesTooFew));
    assert_eq!(check_weights(&[6000, 2000, 2000]), Err(Msg::ErrCollegeWeightRange));
    assert_eq!(check_weights(&[5000, 4100, 900]), Err(Msg::ErrCollegeWeightRange));
    assert_eq!(check_weights(&[4000, 3000, 2000]), Err(Msg::ErrCollegeWeightSum));
    assert_eq!(check_weights(&[4000, 3000, 2000, 1001]), Err(Msg::ErrCollegeWeightSum));
    // Ten colleges of 10 % each is the most there can be.
    assert!(check_weights(&[1000; 10]).is_ok());
    assert_eq!(check_weights(&[1000; 11]), Err(Msg::ErrCollegeWeightSum));
}

#[test]
fn weights_typed_as_percentages() {
    assert_eq!(parse_percent("25"), Some(2500));
    assert_eq!(parse_percent(" 33,5 % "), Some(3350));
    assert_eq!(parse_percent("12.25"), Some(1225));
    assert_eq!(parse_percent("100"), Some(10_000));
    for bad in ["", "abc", "-10", "101", "12.345", "1e2", "=1+1", "99999999999"] {
        assert_eq!(parse_percent(bad), None, "{bad:?}");
    }
    assert_eq!(format_percent(3350, Locale::Fr), "33,5\u{a0}%");
    assert_eq!(format_percent(1225, Locale::En), "12.25%");
    assert_eq!(format_percent(2500, Locale::En), "25%");
}

#[test]
fn a_holding_is_its_movements() {
    use MovementKind::*;
    let h = Holding::of([(Subscribed, 5, 0), (Paid, 0, 10_000), (TransferredOut, 2, 4_000)]).unwrap();
    assert_eq!(
        h,
        Holding {
            shares: 3,
            paid_cents: 6_000
        }
    );
    assert_eq!(h.due_cents(2_000), 0);
    assert_eq!(Holding::of([(Subscribed, 3, 0)]).unwrap().due_cents(2_000), 6_000);
    assert_eq!(
        Holding::default().apply(Refunded, 1, 0),
        Err(Msg::ErrShareHoldingNegative)
    );
    assert_eq!(Holding::default().apply(Paid, 0, -5), Err(Msg::ErrShareMovement));
    assert_eq!(Holding::of([(Subscribed, 1, 0), (Refunded, 2, 0)]), None);
}

proptest! {
    /// Whatever movements are tried, those accepted keep the holding at the sum of their
    /// deltas and never below zero.
    #[test]
    fn the_ledger_never_goes_negative(moves in prop::collection::vec((0usize..5, 0i64..50, 0i64..100_000), 0..40)) {
        let mut h = Holding::default();
        let (mut shares, mut cents) = (0i64, 0i64);
        for (k, s, c) in moves {
            let kind = MovementKind::ALL[k];
            if let Ok(next) = h.apply(kind, s, c) {
                h = next;
                shares += kind.shares_delta(s);
                cents += kind.cents_delta(c);
            }
            prop_assert!(h.shares >= 0 && h.paid_cents >= 0);
            prop_assert_eq!((h.shares, h.paid_cents), (shares, cents));
        }
    }
}

#[test]
fn a_motion_in_one_college_needs_more_than_half() {
    let t = |f, a, ab| {
        tally(
            ProposalKind::Motion,
            2,
            &[college(10_000, &[f, a], ab)],
            QUARTER,
            Majority::Simple,
            f + a + ab,
            10,
        )
    };
    assert!(t(3, 2, 0).adopted);
    // A tie wins nothing.
    let tie = t(2, 2, 1);
    assert_eq!(tie.winner, None);
    assert!(!tie.adopted);
    // Abstentions are not expressed votes: 1 for, 0 against, 5 abstaining is adopted.
    assert!(t(1, 0, 5).adopted);
    assert_eq!(t(1, 0, 5).weighted_bp, vec![10_000, 0]);
    // Against winning rejects the motion.
    let no = t(1, 4, 0);
    assert_eq!(no.winner, Some(1));
    assert!(!no.adopted);
}

#[test]
fn the_quorum_counts_heads_including_abstentions() {
    let r = tally(
        ProposalKind::Motion,
        2,
        &[college(10_000, &[1, 0], 1)],
        QUARTER,
        Majority::Simple,
        2,
        8,
    );
    assert!(r.quorum_reached && r.adopted);
    let r = tally(
        ProposalKind::Motion,
        2,
        &[college(10_000, &[1, 0], 0)],
        QUARTER,
        Majority::Simple,
        1,
        8,
    );
    assert!(!r.quorum_reached);
    assert!(!r.adopted, "a winning motion without quorum is not adopted");
    assert_eq!(r.winner, Some(0));
    assert!(!QUARTER.reached(0, 0));
    assert!(Quorum { num: 1, den: 3 }.reached(1, 3));
    assert!(!Quorum { num: 1, den: 3 }.reached(1, 4));
}

#[test]
fn colleges_weigh_their_share_not_their_headcount() {
    // Producers (50 %): 2 for, 0 against. Consumers (30 %): 10 against, 90 for.
    // Workers (20 %): 0 for, 5 against. For: 50 + 27 + 0 = 77 %.
    let r = tally(
        ProposalKind::Motion,
        2,
        &[
            college(5000, &[2, 0], 0),
            college(3000, &[90, 10], 0),
            college(2000, &[0, 5], 0),
        ],
        QUARTER,
        Majority::TwoThirds,
        107,
        200,
    );
    assert_eq!(r.weighted_bp, vec![7700, 2300]);
    assert!(r.adopted);
    assert_eq!(r.colleges[2].leading, Some(1));
    assert_eq!(r.colleges[1].shares_bp, vec![9000, 1000]);
}

#[test]
fn a_college_with_no_votes_is_left_out_and_the_others_scaled() {
    // 40 % college: nobody voted. 30 % for (all for), 30 % against (all against): 50/50: tie.
    let r = tally(
        ProposalKind::Motion,
        2,
        &[
            college(4000, &[0, 0], 3),
            college(3000, &[4, 0], 0),
            college(3000, &[0, 7], 0),
        ],
        QUARTER,
        Majority::Simple,
        14,
        20,
    );
    assert!(!r.colleges[0].counted);
    assert_eq!(r.weighted_bp, vec![5000, 5000]);
    assert_eq!(r.winner, None);
    // Nobody expressed anything: no winner, shares zero.
    let none = tally(
        ProposalKind::Motion,
        2,
        &[college(5000, &[0, 0], 2)],
        QUARTER,
        Majority::Simple,
        2,
        2,
    );
    assert_eq!(
        (none.winner, none.weighted_bp.clone(), none.adopted),
        (None, vec![0, 0], false)
    );
}

#[test]
fn two_thirds_exactly_is_reached_exactly() {
    // Three colleges of a third each would break the SCIC rule's sum; 3334/3333/3333 does not
    // matter here: one college of 100 % with 2 for and 1 against is exactly 2/3.
    let r = tally(
        ProposalKind::Motion,
        2,
        &[college(10_000, &[2, 1], 0)],
        QUARTER,
        Majority::TwoThirds,
        3,
        3,
    );
    assert!(r.adopted, "2/3 is at least two thirds");
    assert_eq!(r.weighted_bp, vec![6666, 3333]);
    // Across colleges with awkward counts: 1/3 and 1/1 weighted 50/50 → (1/3 + 1)/2 = 2/3.
    let r = tally(
        ProposalKind::Motion,
        2,
        &[college(5000, &[1, 2], 0), college(5000, &[7, 0], 0)],
        QUARTER,
        Majority::TwoThirds,
        10,
        10,
    );
    assert!(r.adopted);
    let r = tally(
        ProposalKind::Motion,
        2,
        &[college(5000, &[1, 2], 0), college(5000, &[6, 1], 0)],
        QUARTER,
        Majority::TwoThirds,
        10,
        10,
    );
    assert!(!r.adopted, "(1/3 + 6/7)/2 < 2/3");
}

#[test]
fn a_choice_needs_an_option_over_the_majority() {
    let r = tally(
        ProposalKind::Choice,
        3,
        &[college(6000, &[5, 3, 2], 1), college(4000, &[1, 1, 8], 0)],
        QUARTER,
        Majority::Simple,
        21,
        40,
    );
    // A: 30 + 4 = 34 %, B: 18 + 4 = 22 %, C: 12 + 32 = 44 %: nobody over half.
    assert_eq!(r.weighted_bp, vec![3400, 2200, 4400]);
    assert_eq!(r.winner, None);
    assert!(!r.adopted);
}

proptest! {
    /// Shares add up to 100 % (within rounding), at most one winner, and the winner is the
    /// option with the largest share.
    #[test]
    fn tallies_are_consistent(
        counts in prop::collection::vec((prop::collection::vec(0u64..500, 3), 0u64..50), 3..6),
        two_thirds in any::<bool>(),
    ) {
        let n = counts.len() as u32;
        let mut weights = vec![10_000 / n; counts.len()];
        weights[0] += 10_000 - weights.iter().sum::<u32>();
        let colleges: Vec<CollegeCount> = counts
            .iter()
            .zip(&weights)
            .map(|((v, a), &w)| college(w, v, *a))
            .collect();
        let majority = if two_thirds { Majority::TwoThirds } else { Majority::Simple };
        let r = tally(ProposalKind::Choice, 3, &colleges, QUARTER, majority, 1, 1);
        let total: u32 = r.weighted_bp.iter().sum();
        if r.colleges.iter().any(|c| c.counted) {
            prop_assert!((9_997..=10_000).contains(&total), "{total}");
        } else {
            prop_assert_eq!(total, 0);
        }
        if let Some(w) = r.winner {
            prop_assert!(r.weighted_bp.iter().all(|&s| s <= r.weighted_bp[w]));
            prop_assert!(r.weighted_bp[w] >= 5_000);
        }
        // Scaling every college's counts by the same factor changes nothing.
        let scaled: Vec<CollegeCount> = colleges
            .iter()
            .map(|c| CollegeCount { votes: c.votes.iter().map(|v| v * 3).collect(), ..c.clone() })
            .collect();
        let s = tally(ProposalKind::Choice, 3, &scaled, QUARTER, majority, 1, 1);
        prop_assert_eq!(s.winner, r.winner);
        prop_assert_eq!(s.weighted_bp, r.weighted_bp);
    }
}

fn err(r: Result<Application, (&'static str, Msg)>) -> (&'static str, Msg) {
    r.unwrap_err()
}

#[test]
fn applications_are_checked_field_by_field() {
    let min = |c: Category| if c.is_organisation() { 5 } else { 1 };
    let ok = parse_application(
        &form(
            "resident",
            "  Anne   Martin ",
            "",
            "",
            "3 rue des Arts, Lille",
            "2",
            "transfer",
        ),
        min,
    )
    .unwrap();
    assert_eq!(ok.name, "Anne Martin");
    assert_eq!(ok.representative, "");
    let farm = parse_application(
        &form(
            "producer",
            "GAEC des Prés",
            "123 456 789",
            "Paul Dupont",
            "Ferme, 59000 Lille",
            "5",
            "cheque",
        ),
        min,
    )
    .unwrap();
    assert_eq!(farm.registration, "123456789");
    assert_eq!(
        err(parse_application(
            &form("alien", "A", "", "", "x", "1", "transfer"),
            min
        ))
        .0,
        "category"
    );
    assert_eq!(
        err(parse_application(
            &form("producer", "GAEC", "", "", "x", "5", "transfer"),
            min
        ))
        .0,
        "representative"
    );
    assert_eq!(
        err(parse_application(
            &form("producer", "GAEC", "", "Paul", "x", "4", "transfer"),
            min
        )),
        ("shares", Msg::ErrSharesBelowMinimum)
    );
    for bad in ["0", "-1", "1e3", "10001", "", "=1+1", "9999999"] {
        assert_eq!(
            err(parse_application(
                &form("resident", "A", "", "", "x", bad, "transfer"),
                min
            ))
            .0,
            "shares",
            "{bad:?}"
        );
    }
    assert_eq!(
        err(parse_application(
            &form("resident", "A", "", "", "x", "1", "bitcoin"),
            min
        ))
        .0,
        "payment"
    );
    // A card is a way to pay; whether the cooperative takes cards is the store's to say.
    assert_eq!(
        parse_application(&form("resident", "A", "", "", "x", "1", "card"), min).map(|a| a.payment),
        Ok(SharePayment::Card)
    );
    assert_eq!(
        err(parse_application(
            &form("resident", "", "", "", "x", "1", "transfer"),
            min
        ))
        .0,
        "name"
    );
    assert_eq!(
        err(parse_application(
            &form("resident", "A", "=HYPERLINK()", "", "x", "1", "transfer"),
            min
        ))
        .0,
        "registration"
    );
}

#[test]
fn proposals_are_motions_or_choices() {
    let m = parse_proposal("Comptes 2026", "Approuver les comptes.", "  \n").unwrap();
    assert_eq!((m.kind, m.options.len()), (ProposalKind::Motion, 0));
    let c = parse_proposal("Nouveau point", "Où ?", "Fives\nWazemmes\n\n").unwrap();
    assert_eq!(c.kind, ProposalKind::Choice);
    assert_eq!(c.options, ["Fives", "Wazemmes"]);
    assert_eq!(parse_proposal("T", "x", "Seule"), Err(Msg::ErrProposalOptions));
    assert_eq!(parse_proposal("T", "x", "A\na"), Err(Msg::ErrProposalOptions));
    assert_eq!(parse_proposal("", "x", ""), Err(Msg::ErrProposalTitle));
    assert_eq!(parse_proposal("T", " ", ""), Err(Msg::ErrProposalText));
}

#[test]
fn codes_round_trip() {
    for c in Category::ALL {
        assert_eq!(Category::parse(c.code()), Some(c));
    }
    for s in MemberStatus::ALL {
        assert_eq!(MemberStatus::parse(s.code()), Some(s));
    }
    for k in MovementKind::ALL {
        assert_eq!(MovementKind::parse(k.code()), Some(k));
    }
}
