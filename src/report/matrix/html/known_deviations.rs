//! The page's "Known deviations" section: per target, each deviation its
//! expectations file gives, with how many scenarios it fails and which.

use std::fmt::Write as _;

use super::super::blast_radius;
use super::{Matrix, escape};

/// The section, or nothing when no target has an expected failure.
pub(super) fn section(page: &mut String, matrix: &Matrix<'_>) {
    let per_target: Vec<_> = (0..matrix.columns.len())
        .map(|index| (index, matrix.known_deviations(index)))
        .filter(|(_, deviations)| !deviations.is_empty())
        .collect();
    if per_target.is_empty() {
        return;
    }
    page.push_str(
        "<section aria-labelledby=\"deviations-heading\">\n\
         <h2 id=\"deviations-heading\">Known deviations</h2>\n\
         <p>One deviation, the scenarios it fails: each row is a reason a target's expectations \
         file gives, and the scenarios it lists with it that failed, widest first.</p>\n",
    );
    for (index, deviations) in per_target {
        let name = escape(&matrix.columns[index].results.target.name);
        let _ = write!(
            page,
            "<table class=\"deviations\" data-target=\"{name}\">\n<caption>{name}: {}</caption>\n\
             <thead><tr><th scope=\"col\">Scenarios</th><th scope=\"col\">Deviation</th></tr>\
             </thead>\n<tbody>\n",
            escape(&blast_radius::headline(&deviations))
        );
        for deviation in deviations {
            let count = deviation.scenarios.len();
            let issue = deviation
                .issue
                .map(|i| format!(" <span class=\"sub\">{}</span>", escape(i)))
                .unwrap_or_default();
            let _ = write!(
                page,
                "<tr data-count=\"{count}\"><td class=\"count\">{count}</td><td><span class=\"reason\">{}\
                 </span>{issue}<details><summary>the {} {}</summary><ul>",
                escape(deviation.reason),
                count,
                if count == 1 { "scenario" } else { "scenarios" }
            );
            for scenario in &deviation.scenarios {
                let _ = write!(page, "<li>{}</li>", escape(scenario));
            }
            page.push_str("</ul></details></td></tr>\n");
        }
        page.push_str("</tbody>\n</table>\n");
    }
    page.push_str("</section>\n");
}
