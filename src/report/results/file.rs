//! Writing and reading a results file: one line per top-level field and
//! per scenario; a reader checks the format version before anything else.

use std::path::Path;

use serde::Serialize;

use super::{FORMAT_VERSION, Results};

impl Results {
    /// The file's JSON: a line per top-level field and per scenario, so
    /// that two runs' files compare line by line.
    #[must_use]
    pub(crate) fn to_json(&self) -> String {
        let mut json = format!(
            "{{\n  \"format_version\": {},\n  \"suite\": {},\n  \"target\": {},\n  \"run\": {},\n  \"scenarios\": [",
            self.format_version,
            line(&self.suite),
            line(&self.target),
            line(&self.run),
        );
        for (index, scenario) in self.scenarios.iter().enumerate() {
            json.push_str(if index == 0 { "\n    " } else { ",\n    " });
            json.push_str(&line(scenario));
        }
        json.push_str(if self.scenarios.is_empty() {
            "]"
        } else {
            "\n  ]"
        });
        if let Some(fidelity) = &self.fidelity {
            json.push_str(",\n  \"fidelity\": ");
            json.push_str(&line(fidelity));
        }
        json.push_str("\n}\n");
        json
    }

    /// Reads a results file written by any run of this format version.
    ///
    /// # Errors
    /// One line naming the file: unreadable, not JSON, another format
    /// version, or not a results file.
    pub(crate) fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the results file {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses a results file.
    ///
    /// # Errors
    /// As [`Self::read`], without the file name.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        match value
            .get("format_version")
            .and_then(serde_json::Value::as_u64)
        {
            Some(version) if version == u64::from(FORMAT_VERSION) => {}
            Some(version) => {
                return Err(format!(
                    "results format version {version}; this kms-conformance reads version {FORMAT_VERSION}"
                ));
            }
            None => return Err("not a kms-conformance results file (no format_version)".to_owned()),
        }
        serde_json::from_value(value).map_err(|e| {
            format!("not a valid results file of format version {FORMAT_VERSION}: {e}")
        })
    }

    /// Writes the file, creating its folder.
    ///
    /// # Errors
    /// One line naming the file.
    pub(crate) fn write(&self, path: &Path) -> Result<(), String> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot write the results file {}: {e}", path.display()))?;
        }
        std::fs::write(path, self.to_json())
            .map_err(|e| format!("cannot write the results file {}: {e}", path.display()))
    }
}

/// One value as one line of JSON.
fn line(value: &impl Serialize) -> String {
    // Plain data with string keys: serialising cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}
