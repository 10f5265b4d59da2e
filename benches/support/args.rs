//! The arguments of the programs that write benchmark inputs (`cargo bench --bench NAME -- ...`;
//! cargo adds `--bench`, which is left out).

use std::path::PathBuf;

pub struct Args {
    usage: &'static str,
    values: Vec<String>,
}

impl Args {
    pub fn read(usage: &'static str) -> Self {
        let values = std::env::args()
            .skip(1)
            .filter(|a| a != "--bench")
            .collect();
        Self { usage, values }
    }

    /// The first argument: the folder to write into.
    pub fn dir(&self) -> PathBuf {
        PathBuf::from(
            self.values
                .first()
                .unwrap_or_else(|| panic!("usage: {}", self.usage)),
        )
    }

    /// Argument `i` as a number, or `default` when it is not given.
    pub fn number(&self, i: usize, default: usize) -> usize {
        self.values.get(i).map_or(default, |a| {
            a.parse()
                .unwrap_or_else(|_| panic!("usage: {}: `{a}` is not a number", self.usage))
        })
    }
}
