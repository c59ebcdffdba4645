//! Names and words the demo data is made of, and the dice that pick them.

pub(super) const COMPANY_WORDS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Wonka",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Hooli",
    "Vandelay",
    "Massive",
    "Dynamic",
    "Blue",
    "Northern",
    "Pacific",
    "Summit",
    "Pioneer",
    "Atlas",
    "Nimbus",
    "Vertex",
    "Quantum",
    "Silver",
    "Granite",
    "Harbor",
    "Evergreen",
    "Redwood",
    "Falcon",
    "Orion",
];
pub(super) const COMPANY_KINDS: &[&str] = &[
    "Industries",
    "Logistics",
    "Systems",
    "Foods",
    "Analytics",
    "Labs",
    "Health",
    "Energy",
    "Robotics",
    "Media",
    "Capital",
    "Textiles",
    "Motors",
    "Software",
    "Pharma",
];
pub(super) const INDUSTRIES: &[&str] = &[
    "Manufacturing",
    "Retail",
    "Healthcare",
    "Finance",
    "Software",
    "Logistics",
    "Energy",
    "Media",
];
pub(super) const CITIES: &[(&str, &str)] = &[
    ("Berlin", "DE"),
    ("Munich", "DE"),
    ("Paris", "FR"),
    ("Lyon", "FR"),
    ("London", "GB"),
    ("Manchester", "GB"),
    ("New York", "US"),
    ("Austin", "US"),
    ("Toronto", "CA"),
    ("Madrid", "ES"),
    ("Milan", "IT"),
    ("Amsterdam", "NL"),
];
pub(super) const FIRST_NAMES: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Dennis",
    "Barbara",
    "Ken",
    "Frances",
    "Edsger",
    "Hedy",
    "Tim",
    "Radia",
    "John",
    "Katherine",
    "Donald",
    "Sophie",
    "Niklaus",
    "Annie",
    "Guido",
    "Leslie",
    "Shafi",
    "Yukihiro",
    "Karen",
];
pub(super) const LAST_NAMES: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Ritchie",
    "Liskov",
    "Thompson",
    "Allen",
    "Dijkstra",
    "Lamarr",
    "Berners-Lee",
    "Perlman",
    "McCarthy",
    "Johnson",
    "Knuth",
    "Wilson",
    "Wirth",
    "Easley",
    "van Rossum",
    "Lamport",
    "Goldwasser",
    "Matsumoto",
    "Spärck Jones",
];
pub(super) const TITLES: &[&str] = &[
    "CEO",
    "CTO",
    "Head of Procurement",
    "IT Manager",
    "Operations Lead",
    "Buyer",
    "CFO",
    "Office Manager",
];

/// A small deterministic generator, so every demo database looks the same.
pub(super) struct Dice(pub(super) u64);

impl Dice {
    pub(super) fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
