//! Screening at the scale of the OpenSanctions `sanctions` collection, on a generated
//! export of that size (30,000 targets in 12 source datasets, about 360,000 names with
//! the per-dataset copies; realistic mixes of Korean, Chinese, Arabic, Russian and
//! Western names and of company names built from common business words).
//!
//! Measures: parsing the FtM file, building the index with resident memory, single
//! queries (p50 and p99), and re-screening 1,000 cases after a new version.
//! Bars: index under 3 s and 600 MB resident; query p50 under 2 ms, p99 under 10 ms;
//! re-screening 1,000 cases under 5 s.
//!
//! `cargo bench --bench screening_collection`

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use bonafide::model::{CaseFields, SubjectKind};
use bonafide::screening::index::Index;
use bonafide::screening::lists::ftm::parse_ftm;
use bonafide::screening::screen::{Subject, Thresholds, screen};
use bonafide::screening::text::{NameKind, prepare};
use bonafide::screening::watchlist::watchlist;

#[path = "support/bench_app.rs"]
mod bench_app;

/// A small deterministic generator (xorshift64*): the same file every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const KO_FAMILY: &[&str] = &[
    "Kim", "Ri", "Pak", "Choe", "Jong", "Kang", "Jo", "Yun", "Jang", "Han", "O", "Sin", "Ryu",
    "Hwang", "Kwon",
];
const KO_SYLL: &[&str] = &[
    "Song", "Chol", "Hyok", "Yong", "Kwang", "Su", "Min", "Il", "Nam", "Jin", "Hyon", "Myong",
    "Sok", "Chun", "Ho", "Gun", "Ung", "Hui", "Ok", "Sun", "Ryong", "Hak", "Dok", "Man",
];
const HANGUL_FAMILY: &[&str] = &["김", "리", "박", "최", "정", "강", "조", "윤"];
const HANGUL_SYLL: &[&str] = &[
    "성", "철", "혁", "영", "광", "수", "민", "일", "남", "진", "현", "명",
];
const ZH_FAMILY: &[&str] = &[
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
];
const ZH_GIVEN: &[&str] = &[
    "Wei", "Fang", "Min", "Jing", "Lei", "Qiang", "Jun", "Yan", "Hui", "Tao", "Ming", "Xin",
    "Hong", "Bo",
];
const AR_GIVEN: &[&str] = &[
    "Mohammed", "Ahmed", "Ali", "Hassan", "Abdul", "Omar", "Yusuf", "Ibrahim", "Khalid", "Hamid",
    "Tariq", "Faisal",
];
const AR_FAMILY: &[&str] = &[
    "al-Rashid",
    "Haddad",
    "al-Tikriti",
    "Hussein",
    "al-Sudani",
    "Khan",
    "Qureshi",
    "Rahman",
    "al-Masri",
    "Nasser",
];
const RU_GIVEN: &[&str] = &[
    "Sergey",
    "Dmitry",
    "Aleksandr",
    "Igor",
    "Vladimir",
    "Oleg",
    "Nikolai",
    "Andrei",
    "Yuri",
    "Pavel",
];
const RU_FAMILY: &[&str] = &[
    "Ivanov",
    "Petrov",
    "Sidorov",
    "Volkov",
    "Kuznetsov",
    "Sokolov",
    "Popov",
    "Lebedev",
    "Morozov",
    "Novikov",
];
const WEST_GIVEN: &[&str] = &[
    "John", "Maria", "David", "Anna", "Michael", "Laura", "Carlos", "Elena", "Peter", "Sofia",
];
const WEST_FAMILY: &[&str] = &[
    "Smith", "Garcia", "Müller", "Rossi", "Martin", "Silva", "Brown", "Novak", "Jansen", "Dubois",
];
const CO_WORDS: &[&str] = &[
    "Star",
    "Network",
    "Technology",
    "Trading",
    "General",
    "Korea",
    "International",
    "Development",
    "Real Estate",
    "Industrial",
    "Global",
    "Pacific",
    "Energy",
    "Shipping",
    "Investment",
    "Golden",
    "Silver",
    "United",
    "Ocean",
    "Digital",
];
const CO_FORMS: &[&str] = &[
    "Co., Ltd.",
    "LLC",
    "Corporation",
    "Limited",
    "Group",
    "JSC",
    "FZE",
    "",
];
const DATASETS: &[&str] = &[
    "us_ofac_sdn",
    "us_ofac_cons",
    "un_sc_sanctions",
    "eu_fsf",
    "gb_fcdo_sanctions",
    "ch_seco_sanctions",
    "au_dfat_sanctions",
    "ca_dfatd_sema_sanctions",
    "jp_mof_sanctions",
    "kr_mofa_sanctions",
    "nz_russia_sanctions",
    "ua_nsdc_sanctions",
];

/// A coined word, as front companies use (`Volasys`, `Silverstar`).
fn coined(rng: &mut Rng) -> String {
    let parts = [
        "vo", "la", "sys", "ky", "tron", "ex", "ar", "neo", "zen", "qu", "ri", "max", "dia", "lux",
        "ion",
    ];
    let mut w = String::new();
    for _ in 0..2 + rng.below(2) {
        w.push_str(rng.pick(&parts));
    }
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn person(rng: &mut Rng) -> Vec<String> {
    let mut names = Vec::new();
    match rng.below(10) {
        0..=3 => {
            let (f, a, b) = (rng.pick(KO_FAMILY), rng.pick(KO_SYLL), rng.pick(KO_SYLL));
            names.push(format!("{f} {a} {b}"));
            names.push(format!("{} {a}-{}", f.to_uppercase(), b.to_lowercase()));
            names.push(format!("{a} {b} {f}"));
            let (hf, ha, hb) = (
                rng.pick(HANGUL_FAMILY),
                rng.pick(HANGUL_SYLL),
                rng.pick(HANGUL_SYLL),
            );
            names.push(format!("{hf}{ha}{hb}"));
        }
        4..=5 => {
            let (f, g) = (rng.pick(ZH_FAMILY), rng.pick(ZH_GIVEN));
            names.push(format!("{f} {g}"));
            names.push(format!("{g} {f}"));
        }
        6..=7 => {
            let (g, m, f) = (rng.pick(AR_GIVEN), rng.pick(AR_GIVEN), rng.pick(AR_FAMILY));
            names.push(format!("{g} {m} {f}"));
            names.push(format!("{g} bin {m} {f}"));
            names.push(format!("{g} {f}"));
        }
        8 => {
            let (g, f) = (rng.pick(RU_GIVEN), rng.pick(RU_FAMILY));
            names.push(format!("{g} {f}"));
            names.push(format!("{f}, {g} {}ovich", rng.pick(RU_GIVEN)));
        }
        _ => names.push(format!(
            "{} {}",
            rng.pick(WEST_GIVEN),
            rng.pick(WEST_FAMILY)
        )),
    }
    for _ in 0..rng.below(4) {
        names.push(format!("{} {}", coined(rng), rng.pick(WEST_FAMILY)));
    }
    names
}

fn company(rng: &mut Rng) -> Vec<String> {
    let core = format!(
        "{} {} {}",
        coined(rng),
        rng.pick(CO_WORDS),
        rng.pick(CO_WORDS)
    );
    let mut names = vec![format!("{core} {}", rng.pick(CO_FORMS)).trim().to_string()];
    for _ in 0..1 + rng.below(5) {
        names.push(
            format!(
                "{} {} {}",
                rng.pick(CO_WORDS),
                coined(rng),
                rng.pick(CO_FORMS)
            )
            .trim()
            .to_string(),
        );
    }
    names
}

/// The generated export, one FtM entity per line: the targets and one sanction entity
/// per target and dataset.
fn export(targets: usize) -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = String::with_capacity(targets * 900);
    let json = |s: &str| serde_json::to_string(s).unwrap();
    for i in 0..targets {
        let is_person = rng.below(10) < 6;
        let names = if is_person {
            person(&mut rng)
        } else {
            company(&mut rng)
        };
        let mut datasets = vec![rng.pick(DATASETS)];
        for _ in 0..rng.below(3) {
            let d = rng.pick(DATASETS);
            if !datasets.contains(&d) {
                datasets.push(d);
            }
        }
        let ds: Vec<String> = datasets.iter().map(|d| json(d)).collect();
        let (first, rest) = names.split_first().unwrap();
        let aliases: Vec<String> = rest.iter().map(|n| json(n)).collect();
        let extra = if is_person {
            format!(
                r#", "birthDate": ["{}-0{}-1{}"], "nationality": ["kp"]"#,
                1950 + rng.below(50),
                1 + rng.below(9),
                rng.below(9)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            r#"{{"id": "gen-{i}", "schema": "{}", "properties": {{"name": [{}], "alias": [{}]{extra}}}, "datasets": [{}], "target": true, "last_seen": "2026-11-30T00:00:00"}}"#,
            if is_person { "Person" } else { "Company" },
            json(first),
            aliases.join(", "),
            ds.join(", ")
        );
        for d in &datasets {
            let _ = writeln!(
                out,
                r#"{{"id": "san-{i}-{d}", "schema": "Sanction", "properties": {{"entity": ["gen-{i}"], "authority": ["Authority of {d}"], "program": ["Programme {}"]}}, "datasets": ["{d}"], "target": false}}"#,
                rng.below(20)
            );
        }
    }
    out
}

fn resident_peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() {
    // `cargo test --benches` runs each bench once with `--bench`-less args; a full run
    // is for `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let text = export(40_000);
    println!("generated export: {:.1} MB", text.len() as f64 / 1e6);
    let t = Instant::now();
    let lists = parse_ftm("entities.ftm.json", text.as_bytes(), None).unwrap();
    println!(
        "parse: {:.2} s, {} lists, {} entries, {} names",
        t.elapsed().as_secs_f64(),
        lists.len(),
        lists.iter().map(|l| l.entries.len()).sum::<usize>(),
        lists.iter().map(|l| l.name_count()).sum::<usize>()
    );
    drop(text);
    let before = resident_peak_mb();
    let input: Vec<(String, Vec<_>)> = lists
        .iter()
        .map(|l| (l.source.id.clone(), l.entries.clone()))
        .chain(std::iter::once((
            "watchlist".to_string(),
            watchlist().entries.clone(),
        )))
        .collect();
    let t = Instant::now();
    let index = Index::build(input);
    println!(
        "index build: {:.2} s over {} names; resident peak {:.0} MB (before the build {before:.0} MB)",
        t.elapsed().as_secs_f64(),
        index.name_count(),
        resident_peak_mb()
    );
    let queries: &[(&str, NameKind)] = &[
        ("Kim Song Chol", NameKind::Person),
        ("김성철", NameKind::Person),
        ("Ri Kwang Hyok", NameKind::Person),
        ("Wang Wei", NameKind::Person),
        ("Mohammed Ahmed Haddad", NameKind::Person),
        ("Sergey Ivanov", NameKind::Person),
        ("John Smith", NameKind::Person),
        ("Maria Garcia", NameKind::Person),
        ("Volasys Star Network", NameKind::Company),
        ("Global Trading Co Ltd", NameKind::Company),
        ("Korea General Trading Corporation", NameKind::Company),
        ("Acme Software Consulting Ltd", NameKind::Company),
        ("Zenqu Digital Technology", NameKind::Company),
        ("Olena Kovalenko", NameKind::Person),
    ];
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..50 {
        for (q, k) in queries {
            let t = Instant::now();
            black_box(index.search(&prepare(q, *k), 0.74));
            times.push(t.elapsed());
        }
    }
    bench_app::print_query_percentiles(&mut times);
    // The same 1,000 subjects the re-screening bench opens as cases, screened straight
    // against the index: the matcher's share of the re-screening.
    let mut rng = Rng(7);
    let subjects: Vec<String> = (0..1_000).map(|_| person(&mut rng).remove(0)).collect();
    let t = Instant::now();
    let mut hits = 0;
    for name in &subjects {
        let subject = Subject::name(name, Some(SubjectKind::Person));
        hits += screen(&index, &subject, Thresholds::default()).1.len();
    }
    println!(
        "screen 1,000 subjects against the index: {:.2} s, {hits} hits",
        t.elapsed().as_secs_f64()
    );
    drop(index);
    rescreen(lists);
}

/// Loads the collection into a data folder with 1,000 cases, then loads a new version
/// of one dataset: the time of that load is the re-screening of every case.
fn rescreen(lists: Vec<bonafide::screening::lists::ParsedList>) {
    let (_dir, app) = bench_app::bench_app();
    let t = Instant::now();
    app.load_lists(lists.clone(), "bench").unwrap();
    println!(
        "store {} lists: {:.2} s",
        lists.len(),
        t.elapsed().as_secs_f64()
    );
    let mut rng = Rng(7);
    for i in 0..1_000 {
        let name = person(&mut rng).remove(0);
        app.create_case(&CaseFields {
            kind: SubjectKind::Person,
            display_name: format!("{name} {i}"),
            emails: vec![format!("person{i}@example.com")],
            ..CaseFields::default()
        })
        .unwrap();
    }
    for round in 0..3 {
        let mut next = lists[round % lists.len()].clone();
        next.entries.pop();
        next.files[0].1 = format!("{round:064}");
        let t = Instant::now();
        let report = app.load_lists(vec![next], "bench").unwrap();
        assert_eq!(report.rescreened, 1_000);
        println!(
            "re-screen 1,000 cases after a new version (index rebuilt from the store): {:.2} s",
            t.elapsed().as_secs_f64()
        );
    }
    // The tamper check reads every case's latest screening (with its hits) and
    // dispositions against the history.
    let t = Instant::now();
    assert!(app.verify().unwrap().is_intact());
    println!(
        "audit verify of 1,000 screened cases: {:.2} s",
        t.elapsed().as_secs_f64()
    );
}
