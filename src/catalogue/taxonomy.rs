//! The catalogue's stored codes: categories, quality labels and units.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal => $msg:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The code stored in the database and used in URLs and CSV files.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            pub fn parse(code: &str) -> Option<$name> {
                let code = code.trim();
                $name::ALL.iter().copied().find(|v| v.code().eq_ignore_ascii_case(code))
            }

            pub fn label(self) -> Msg {
                match self { $($name::$variant => Msg::$msg),* }
            }
        }
    };
}

code_enum!(
    /// The seeded taxonomy of the public catalogue.
    Category {
        Vegetables = "legumes" => CatVegetables,
        Fruits = "fruits" => CatFruits,
        Dairy = "produits-laitiers" => CatDairy,
        Meat = "viande" => CatMeat,
        Eggs = "oeufs" => CatEggs,
        Bread = "pain" => CatBread,
        Grocery = "epicerie" => CatGrocery,
        Drinks = "boissons" => CatDrinks,
    }
);

code_enum!(
    /// Quality labels a producer or product may carry.
    Label {
        Organic = "ab" => LabelOrganic,
        NatureProgres = "nature-progres" => LabelNatureProgres,
        Demeter = "demeter" => LabelDemeter,
        Hve = "hve" => LabelHve,
        LabelRouge = "label-rouge" => LabelLabelRouge,
        Aop = "aop" => LabelAop,
        Igp = "igp" => LabelIgp,
        BienvenueFerme = "bienvenue-ferme" => LabelBienvenueFerme,
    }
);

code_enum!(
    /// How a product is measured; variants give their quantity in the smallest step.
    Unit {
        Kg = "kg" => UnitKg,
        G = "g" => UnitG,
        L = "l" => UnitL,
        Ml = "ml" => UnitMl,
        Piece = "piece" => UnitPiece,
        Bunch = "botte" => UnitBunch,
    }
);
