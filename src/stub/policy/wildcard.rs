//! Matching with IAM's two wildcards: `*` (any run of characters, none
//! included) and `?` (exactly one character), anywhere in the pattern.

/// Whether `text` matches `pattern`, case-sensitively.
pub(super) fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    // The last `*` seen, and where in `text` its current match ends: on a
    // mismatch, that `*` swallows one more character and matching resumes.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    star = Some((star_p, star_t + 1));
                    p = star_p + 1;
                    t = star_t + 1;
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// Whether `text` matches `pattern`, ignoring case (action names).
pub(super) fn matches_ignore_case(pattern: &str, text: &str) -> bool {
    matches(&pattern.to_lowercase(), &text.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_and_question_mark_match_as_iam_documents() {
        // IAM User Guide, Action element: `iam:*AccessKey*` matches the
        // Create/Delete/List/UpdateAccessKey actions.
        let cases = [
            ("iam:*AccessKey*", "iam:CreateAccessKey", true),
            ("iam:*AccessKey*", "iam:ListAccessKeys", true),
            ("iam:*AccessKey*", "iam:ListUsers", false),
            ("kms:*", "kms:UntagResource", true),
            ("*", "", true),
            ("", "", true),
            ("", "a", false),
            ("t?.*", "t2.micro", true),
            ("t?.*", "t.micro", false),
            ("a*b*c", "aXXbYYc", true),
            ("a*b*c", "aXXbYY", false),
            ("*c", "abcabc", true),
            ("key/????", "key/1234", true),
            ("key/????", "key/123", false),
            ("Tag", "tag", false),
        ];
        for (pattern, text, expected) in cases {
            assert_eq!(matches(pattern, text), expected, "{pattern} ~ {text}");
        }
    }

    #[test]
    fn action_patterns_ignore_case() {
        // "The prefix and the action name are case insensitive. For example,
        // iam:ListAccessKeys is the same as IAM:listaccesskeys."
        assert!(matches_ignore_case(
            "IAM:listaccesskeys",
            "iam:ListAccessKeys"
        ));
        assert!(matches_ignore_case("KMS:untag*", "kms:UntagResource"));
    }
}
