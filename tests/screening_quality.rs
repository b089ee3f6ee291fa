//! Matcher quality on labelled public data. Prints the numbers; fails on regression.

use std::collections::BTreeMap;

use bonafide::screening::score::score_names;
use bonafide::screening::text::{NameKind, Script, dominant_script, prepare};

#[path = "support/sdn_index.rs"]
mod sdn_index;
use sdn_index::shared;

fn prf(rows: &[(f32, bool, Script)], t: f32) -> (f32, f32, f32) {
    let tp = rows.iter().filter(|r| r.0 >= t && r.1).count() as f32;
    let fp = rows.iter().filter(|r| r.0 >= t && !r.1).count() as f32;
    let fnn = rows.iter().filter(|r| r.0 < t && r.1).count() as f32;
    let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
    let r = if tp + fnn > 0.0 { tp / (tp + fnn) } else { 1.0 };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1)
}

/// The reference matcher's best F1 on the same pairs (`logicv2_frozen_scores.csv`).
const REFERENCE_F1: f32 = 0.79;

#[test]
fn labelled_pairs_f1() {
    let mut rdr = csv::Reader::from_path(shared("name-matching/name_bench_cases.csv")).unwrap();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let kind = match &rec[1] {
            "Person" => NameKind::Person,
            "Company" | "Organization" | "LegalEntity" | "Vessel" => NameKind::Company,
            _ => NameKind::Unknown,
        };
        let s = score_names(&prepare(&rec[2], kind), &prepare(&rec[3], kind)).score;
        // A pair belongs to its non-Latin script, if it has one.
        let script = [dominant_script(&rec[2]), dominant_script(&rec[3])]
            .into_iter()
            .find(|s| *s != Script::Latin)
            .unwrap_or(Script::Latin);
        rows.push((s, &rec[4] == "true", script));
    }
    println!("precision/recall curve over {} labelled pairs:", rows.len());
    let mut best = (0.0, 0.0);
    for t in (40..=99).map(|t| t as f32 / 100.0) {
        let (p, r, f1) = prf(&rows, t);
        if (t * 100.0).round() as i32 % 5 == 0 {
            println!("  threshold {t:.2}: precision {p:.3} recall {r:.3} F1 {f1:.3}");
        }
        if f1 > best.0 {
            best = (f1, t);
        }
    }
    let (p, r, _) = prf(&rows, best.1);
    println!(
        "best F1 {:.3} at threshold {:.2} (precision {p:.3}, recall {r:.3}); reference {REFERENCE_F1}",
        best.0, best.1
    );
    let mut scripts: BTreeMap<&str, Vec<(f32, bool, Script)>> = BTreeMap::new();
    for row in &rows {
        scripts.entry(row.2.word()).or_default().push(*row);
    }
    for (script, rs) in &scripts {
        let (p, r, f1) = prf(rs, best.1);
        println!(
            "  {script:<9} {:>4} pairs: precision {p:.3} recall {r:.3} F1 {f1:.3}",
            rs.len()
        );
    }
    assert!(
        best.0 > REFERENCE_F1,
        "F1 {} is not above the reference {REFERENCE_F1}",
        best.0
    );
}

#[test]
fn cross_script_pairs_reach_their_minimum() {
    let text = std::fs::read_to_string(shared("name-matching/cross_script_pairs.csv")).unwrap();
    let mut failures = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split(',').collect();
        let min: f32 = f[2].parse().unwrap();
        let s = score_names(
            &prepare(f[0], NameKind::Person),
            &prepare(f[1], NameKind::Person),
        );
        println!("{:>5.3} (min {min:.2}) {} | {}", s.score, f[0], f[1]);
        if s.score < min {
            failures.push(format!("{} / {}: {:.3} < {min}", f[0], f[1], s.score));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

mod sdn {
    use super::*;
    use bonafide::screening::index::Index;
    use bonafide::screening::screen::{Subject, Thresholds, screen};

    fn index() -> &'static Index {
        sdn_index::sdn_index()
    }

    /// (entry id, query, kind). The Han name of Yanbian Silverstar is known from public
    /// reporting, not from the SDN list, so it finds the watchlist entry that names SDN
    /// entry 24977.
    const VARIANTS: &[(&str, &str, NameKind)] = &[
        (
            "24977",
            "YANBIAN SILVERSTAR NETWORK TECHNOLOGY CO., LTD.",
            NameKind::Company,
        ),
        (
            "24977",
            "Yanbian Silverstar Network Technology Co Ltd",
            NameKind::Company,
        ),
        (
            "24977",
            "Yanbian Silver Star Network Technology Company Limited",
            NameKind::Company,
        ),
        (
            "24977",
            "Yanbian Silver-Star Network Technology",
            NameKind::Company,
        ),
        (
            "24977",
            "Silverstar Network Technology (Yanbian) Ltd",
            NameKind::Company,
        ),
        (
            "24977",
            "Yanji Silverstar Network Technology",
            NameKind::Company,
        ),
        (
            "24977",
            "China Silverstar Internet Technology Co",
            NameKind::Company,
        ),
        (
            "24977",
            "Unsong Internet Technology Corp",
            NameKind::Company,
        ),
        ("W-006", "延边银星网络科技有限公司", NameKind::Company),
        ("24978", "VOLASYS SILVER STAR", NameKind::Company),
        ("24978", "Volasys Silverstar", NameKind::Company),
        ("24978", "Volasys Silver Star LLC", NameKind::Company),
        ("24978", "Volasys-Silver Star", NameKind::Company),
        ("24979", "JONG, Song Hwa", NameKind::Person),
        ("24979", "Song Hwa Jong", NameKind::Person),
        ("24979", "Jong Song-hwa", NameKind::Person),
        ("24979", "Jeong Seong Hwa", NameKind::Person),
        ("24979", "Chong Song Hwa", NameKind::Person),
        ("24979", "Jong Songhwa", NameKind::Person),
        ("24979", "정성화", NameKind::Person),
        ("43377", "KIM, Sang Man", NameKind::Person),
        ("43377", "Sang Man Kim", NameKind::Person),
        ("43377", "Kim Sang-man", NameKind::Person),
        ("43377", "Kim Sangman", NameKind::Person),
        ("43377", "Gim Sang Man", NameKind::Person),
        ("43377", "김상만", NameKind::Person),
        (
            "43379",
            "CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY",
            NameKind::Company,
        ),
        (
            "43379",
            "Chinyong Information Technology Cooperation Co.",
            NameKind::Company,
        ),
        ("43379", "Jinyong IT Cooperation Company", NameKind::Company),
        (
            "43379",
            "Jinyong Information Technology Cooperation Company",
            NameKind::Company,
        ),
        ("48260", "LIMITED LIABILITY COMPANY ALIS", NameKind::Company),
        ("48260", "Alis LLC", NameKind::Company),
        ("48260", "OOO Alis", NameKind::Company),
        ("48260", "Alis Limited Liability Company", NameKind::Company),
        (
            "48261",
            "PIONEER BENCONT STAR REAL ESTATE",
            NameKind::Company,
        ),
        (
            "48261",
            "Pioneer Bencont Star Real Estate LLC",
            NameKind::Company,
        ),
        (
            "48261",
            "Pioneer Ben-Cont Star Real Estate",
            NameKind::Company,
        ),
        ("48262", "JON, Yun Gun", NameKind::Person),
        ("48262", "Yun Gun Jon", NameKind::Person),
        ("48262", "Jon Yun-gun", NameKind::Person),
        ("48262", "Jeon Yun Geun", NameKind::Person),
        ("48262", "Chon Yon Kun", NameKind::Person),
        ("48262", "전윤근", NameKind::Person),
        ("W-001", "Independent Lab LLC", NameKind::Company),
        ("W-003", "Tony WKJ LLC", NameKind::Company),
        ("W-004", "Hopana Tech", NameKind::Company),
        ("W-004", "HopanaTech Inc", NameKind::Company),
    ];

    #[test]
    fn dprk_it_entries_are_the_top_hit_for_their_variants() {
        let t = Thresholds::default();
        let mut misses = Vec::new();
        for (want, query, kind) in VARIANTS {
            let hits = index().search(&prepare(query, *kind), 0.5);
            let top = hits.first();
            let ok = top.is_some_and(|c| c.entry.id == *want && c.score.score >= t.review);
            println!(
                "{} {query:<55} → {} {:.3}",
                if ok { "ok  " } else { "MISS" },
                top.map(|c| format!("{} {}", c.entry.id, c.entry.names[c.name_index].name))
                    .unwrap_or_default(),
                top.map(|c| c.score.score).unwrap_or(0.0)
            );
            if !ok {
                misses.push(*query);
            }
        }
        let recall = 1.0 - misses.len() as f32 / VARIANTS.len() as f32;
        println!(
            "variant recall {:.1}% ({} of {})",
            recall * 100.0,
            VARIANTS.len() - misses.len(),
            VARIANTS.len()
        );
        assert!(misses.is_empty(), "missed: {misses:?}");
    }

    /// Common names that are not on the list, in the forms people give them.
    const CLEAN: &[&str] = &[
        "Tony Wang",
        "Maria Garcia",
        "John Smith",
        "Kejia",
        "Tong",
        "James Brown",
        "Emily Johnson",
        "Michael Miller",
        "Sarah Davis",
        "David Wilson",
        "Laura Martinez",
        "Daniel Anderson",
        "Sophie Taylor",
        "Thomas Moore",
        "Anna Jackson",
        "Peter White",
        "Olivia Harris",
        "Lucas Martin",
        "Chloe Thompson",
        "Ethan Clark",
        "Mia Lewis",
        "Noah Robinson",
        "Emma Walker",
        "Liam Young",
        "Ava Allen",
        "Jack King",
        "Grace Wright",
        "Ryan Scott",
        "Hannah Green",
        "Adam Baker",
        "Li Na",
        "Jun Chen",
        "Min Liu",
        "Yan Huang",
        "Hao Zhou",
        "Xin Wu",
        "Lei Xu",
        "Ming Sun",
        "Jing Ma",
        "Ji-woo Park",
        "Seo-yeon Choi",
        "Min-jun Lee",
        "Ha-eun Jung",
        "Do-yoon Kang",
        "Yuki Tanaka",
        "Haruto Sato",
        "Sakura Suzuki",
        "Ren Takahashi",
        "Aoi Watanabe",
        "Priya Sharma",
        "Rahul Gupta",
        "Ananya Singh",
        "Arjun Patel",
        "Sneha Reddy",
        "Carlos Rodriguez",
        "Sofia Lopez",
        "Diego Hernandez",
        "Valentina Gonzalez",
        "Mateo Perez",
        "Lucia Sanchez",
        "Javier Ramirez",
        "Camila Torres",
        "Pierre Dubois",
        "Camille Lefebvre",
        "Hans Mueller",
        "Katrin Schmidt",
        "Jan Kowalski",
        "Anna Nowak",
        "Ivan Petrov",
        "Olga Smirnova",
        "Dmitri Volkov",
        "Elena Popova",
        "Oleksandr Shevchenko",
        "Iryna Bondarenko",
        "Mehmet Yilmaz",
        "Ayse Kaya",
        "Fatima Zahra",
        "Youssef Benali",
        "Amir Hosseini",
        "Sara Cohen",
        "Noam Levi",
        "Kwame Mensah",
        "Amara Okafor",
        "Chinedu Eze",
        "Thabo Nkosi",
        "Nguyen Van An",
        "Tran Thi Mai",
        "Somchai Wongsawat",
        "Siti Rahmah",
        "Budi Santoso",
        "Juan dela Cruz",
        "Maria Santos",
        "Lars Andersen",
        "Ingrid Johansson",
        "Mikko Virtanen",
        "Giulia Rossi",
        "Marco Bianchi",
        "Joao Silva",
        "Ana Costa",
        "Nikos Papadopoulos",
    ];

    #[test]
    fn clean_names_raise_few_alerts() {
        let t = Thresholds::default();
        let mut alerts = Vec::new();
        for q in CLEAN {
            let (_, hits) = screen(
                index(),
                &Subject::name(q, Some(bonafide::model::SubjectKind::Person)),
                t,
            );
            let sanctions: Vec<_> = hits.iter().filter(|h| !h.is_watchlist()).collect();
            if let Some(h) = sanctions.first() {
                println!(
                    "alert: {q} → {} {} ({}) {:.3}",
                    h.entry_id, h.matched_name, h.list, h.score
                );
                alerts.push(*q);
            }
        }
        let per_100 = alerts.len() as f32 * 100.0 / CLEAN.len() as f32;
        println!(
            "false alerts per 100 clean queries: {per_100:.1} ({} of {})",
            alerts.len(),
            CLEAN.len()
        );
        for must_be_clean in ["Tony Wang", "Maria Garcia", "John Smith"] {
            assert!(
                !alerts.contains(&must_be_clean),
                "{must_be_clean} raised an alert"
            );
        }
        assert!(
            per_100 <= 5.0,
            "{per_100} false alerts per 100 clean queries"
        );
    }

    /// Names sharing tokens with a listed name, which must stay below a strong match.
    const HARD_NEGATIVES: &[(&str, NameKind, &str)] = &[
        ("Kim Min-jun", NameKind::Person, "KIM, Min Chol"),
        ("Kim Sang Chol", NameKind::Person, "KIM, Sang Man"),
        ("Jong Song Min", NameKind::Person, "JONG, Song Hwa"),
        ("Jon Yun Ho", NameKind::Person, "JON, Yun Gun"),
        (
            "Silver Star Logistics",
            NameKind::Company,
            "SILVER STAR CHINA",
        ),
        (
            "Pioneer Real Estate LLC",
            NameKind::Company,
            "PIONEER BENCONT STAR REAL ESTATE",
        ),
        (
            "Alis Consulting Group",
            NameKind::Company,
            "LIMITED LIABILITY COMPANY ALIS",
        ),
        (
            "Yanbian Trading Co",
            NameKind::Company,
            "YANBIAN SILVERSTAR",
        ),
    ];

    #[test]
    fn hard_negatives_stay_below_strong() {
        let t = Thresholds::default();
        for (query, kind, listed) in HARD_NEGATIVES {
            let hits = index().search(&prepare(query, *kind), 0.0);
            let score = hits
                .iter()
                .filter(|c| c.entry.names.iter().any(|n| n.name == *listed))
                .map(|c| c.score.score)
                .fold(0.0f32, f32::max);
            println!("{query} vs {listed}: {score:.3}");
            assert!(score < t.strong, "{query} vs {listed}: {score}");
        }
    }
}
