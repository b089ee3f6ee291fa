//! The subject kind as `case new --kind` and `screen --kind` take it, and as the CLI
//! prints it.

use bonafide::model::SubjectKind;
use clap::ValueEnum;

/// `--kind`: a person or a company.
#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    Person,
    Company,
}

impl From<KindArg> for SubjectKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Person => SubjectKind::Person,
            KindArg::Company => SubjectKind::Company,
        }
    }
}

/// The kind as one lower-case word, as `--kind` spells it.
pub fn kind_word(k: SubjectKind) -> &'static str {
    match k {
        SubjectKind::Person => "person",
        SubjectKind::Company => "company",
    }
}
