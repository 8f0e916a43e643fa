//! What `serve` keeps of a verified build, to verify the pages an edit renders again.

use super::*;

impl Index {
    /// Verifies a page rendered again after an edit, against the rest of the output as it was
    /// verified. `false` when a link of the page is broken, two of its elements share an id,
    /// or its ids are not those the rest of the output was verified against.
    pub fn verify_again(&self, file: &OutputFile) -> bool {
        let hash = hash_path(file.path.as_bytes());
        let html = match &file.contents {
            Contents::Bytes(bytes) if is_html(&file.path) => bytes,
            _ => return self.files.contains_key(&hash),
        };
        let page: Arc<str> = Arc::from(file.path.as_str());
        let mut problems = Vec::new();
        let mut broken = false;
        let mut buf = Vec::new();
        let ids = check_page(
            &page,
            html,
            &file.known,
            &self.site,
            &mut problems,
            |link| {
                broken |= self.check(link.doc, link.href, &mut buf).is_some();
            },
        );
        !broken
            && problems.is_empty()
            && matches!(self.files.get(&hash), Some(Some(old)) if *old == ids)
    }

    /// What is wrong with a URL written in the document `doc`, if anything.
    pub(super) fn check(
        &self,
        doc: &[u8],
        written: &[u8],
        buf: &mut Vec<u8>,
    ) -> Option<ProblemKind> {
        let url = clean(written);
        let fragment = match resolve(doc, &url, &self.site, buf) {
            Dest::Outside => return None,
            Dest::AboveRoot => return Some(ProblemKind::AboveRoot { href: lossy(&url) }),
            Dest::File { fragment } => fragment,
        };
        let found = match self.files.get(&hash_path(buf)) {
            Some(found) => found,
            // A folder's URL without its final `/` finds its `index.html` (web servers
            // redirect such a URL to the folder).
            None => match self
                .files
                .get(&hash_path(&[&buf[..], b"/index.html"].concat()))
            {
                Some(found) => found,
                None => {
                    return Some(ProblemKind::MissingFile {
                        href: lossy(&url),
                        target: lossy(buf),
                    })
                }
            },
        };
        match (found, fragment) {
            (Some(ids), Some(fragment)) if !has_id(ids, fragment) => Some(ProblemKind::MissingId {
                href: lossy(&url),
                target: lossy(buf),
                id: lossy(fragment),
            }),
            // Only HTML pages have ids: a fragment of an image or a feed is not checked.
            _ => None,
        }
    }
}
