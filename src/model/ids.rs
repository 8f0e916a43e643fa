//! The ids of the site's languages, documents, pages and guides: positions in their lists,
//! each a type of its own, so that a page's id can never be taken for a document's.

use super::{Doc, Guide, Language, LanguageContents, Page};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident => $($item:ty),+;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        impl $name {
            /// The id of the item at position `i` of its list.
            pub fn new(i: usize) -> $name {
                $name(i)
            }

            /// The position of its item in its list.
            pub fn index(self) -> usize {
                self.0
            }

            /// The ids of a list of `len` items, in order.
            pub fn all(len: usize) -> impl Iterator<Item = $name> + Clone {
                (0..len).map($name)
            }
        }

        $(
            impl std::ops::Index<$name> for [$item] {
                type Output = $item;
                fn index(&self, id: $name) -> &$item {
                    &self[id.0]
                }
            }

            impl std::ops::Index<$name> for Vec<$item> {
                type Output = $item;
                fn index(&self, id: $name) -> &$item {
                    &self[id.0]
                }
            }

            impl std::ops::IndexMut<$name> for Vec<$item> {
                fn index_mut(&mut self, id: $name) -> &mut $item {
                    &mut self[id.0]
                }
            }
        )+
    )*};
}

ids! {
    /// A language: its place in [`super::Site::languages`] and [`super::Site::sections_of`].
    LangId => Language, LanguageContents;
    /// A document: its place in [`super::Site::docs`].
    DocId => Doc, std::sync::Arc<Doc>;
    /// A page: its place in [`super::Site::pages`].
    PageId => Page;
    /// A guide: its place in [`super::Site::guides`].
    GuideId => Guide;
}
