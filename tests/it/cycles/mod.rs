//! Cycles: preparing the following week, and the places orders are collected from.

mod copy;
mod places;
mod schedule;
