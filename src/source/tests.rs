use super::*;

// Issue 9: serve's quick path reads one edited file; a page that became a symbolic link
// out of the site must be left to a full build, which refuses it.
#[cfg(unix)]
#[test]
fn read_one_reads_no_symbolic_link() {
    let root = std::env::temp_dir().join(format!("leidraad-read-one-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("content/nl")).unwrap();
    std::fs::write(root.join("outside.md"), "---\ntitle: Buiten\n---\n").unwrap();
    std::fs::write(root.join("content/nl/over.md"), "---\ntitle: Over\n---\n").unwrap();
    assert!(read_one(&root, "nl", "over.md").is_some_and(|r| r.is_ok()));
    std::fs::remove_file(root.join("content/nl/over.md")).unwrap();
    std::os::unix::fs::symlink(root.join("outside.md"), root.join("content/nl/over.md")).unwrap();
    assert!(read_one(&root, "nl", "over.md").is_none());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn classifies_by_place() {
    assert_eq!(classify("_index.md"), Some(DocKind::Home));
    assert_eq!(classify("over.md"), Some(DocKind::Page));
    assert_eq!(classify("waarden/_index.md"), Some(DocKind::Guide));
    assert_eq!(classify("waarden/01-ken-jezelf.md"), Some(DocKind::Section));
    assert_eq!(classify("waarden/deel/x.md"), None);
}
