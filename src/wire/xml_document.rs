//! Reading a Query protocol answer: the XML tree of an IAM or STS reply,
//! small and flat enough to hold whole.
//!
//! Names are local (any namespace prefix dropped), text is unescaped, and
//! only elements and text are kept: attributes, comments and processing
//! instructions say nothing an answer's reader needs.

use quick_xml::Reader;
use quick_xml::events::Event;

/// One element: its local name, its text, its child elements in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct XmlElement {
    /// The local name (`Arn` for `<ns:Arn>`).
    pub name: String,
    /// Its own text, unescaped and trimmed (children's text left out).
    pub text: String,
    /// Its child elements, in document order.
    pub children: Vec<XmlElement>,
}

impl XmlElement {
    /// The document `xml` holds: its root element; `None` when `xml` is not
    /// well-formed XML with one root.
    #[must_use]
    pub fn parse(xml: &[u8]) -> Option<Self> {
        let text = std::str::from_utf8(xml).ok()?;
        let mut reader = Reader::from_str(text);
        // Each open element, with its text so far still escaped.
        let mut open: Vec<(Self, String)> = Vec::new();
        let mut root = None;
        loop {
            match reader.read_event().ok()? {
                Event::Start(start) => {
                    let name = local_name(start.name().as_ref())?;
                    open.push((Self::named(name), String::new()));
                }
                Event::Empty(empty) => {
                    let element = Self::named(local_name(empty.name().as_ref())?);
                    match open.last_mut() {
                        Some((parent, _)) => parent.children.push(element),
                        None if root.is_none() => root = Some(element),
                        None => return None,
                    }
                }
                Event::Text(text) => {
                    if let Some((_, raw)) = open.last_mut() {
                        raw.push_str(&text.decode().ok()?);
                    }
                }
                Event::CData(data) => {
                    if let Some((_, raw)) = open.last_mut() {
                        raw.push_str(&quick_xml::escape::escape(data.decode().ok()?));
                    }
                }
                Event::GeneralRef(reference) => {
                    if let Some((_, raw)) = open.last_mut() {
                        raw.push('&');
                        raw.push_str(&reference.decode().ok()?);
                        raw.push(';');
                    }
                }
                Event::End(_) => {
                    let (mut element, raw) = open.pop()?;
                    quick_xml::escape::unescape(&raw)
                        .ok()?
                        .trim()
                        .clone_into(&mut element.text);
                    match open.last_mut() {
                        Some((parent, _)) => parent.children.push(element),
                        None if root.is_none() => root = Some(element),
                        None => return None,
                    }
                }
                Event::Eof => return if open.is_empty() { root } else { None },
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }

    fn named(name: String) -> Self {
        Self {
            name,
            ..Self::default()
        }
    }

    /// The first child called `name`.
    #[must_use]
    pub fn child(&self, name: &str) -> Option<&Self> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The first element called `name` at any depth below this one,
    /// depth first, in document order.
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&Self> {
        self.children.iter().find_map(|c| {
            if c.name == name {
                Some(c)
            } else {
                c.find(name)
            }
        })
    }

    /// The text of the first element called `name` below this one.
    #[must_use]
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.find(name).map(|e| e.text.as_str())
    }

    /// Every child called `name`, in order.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Self> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// `Arn` for `Arn` or `ns:Arn`.
fn local_name(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    Some(name.rsplit(':').next().unwrap_or(name).to_owned())
}

#[cfg(test)]
mod tests;
