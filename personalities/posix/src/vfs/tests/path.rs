//! Path walking, symlinks, mounts, canonical paths.

use super::*;
use alloc::string::String;
use alloc::vec;

fn tree() -> Vfs {
    let vfs = new_vfs();
    for dir in ["/a", "/a/b", "/c", "/mnt"] {
        vfs.mkdir("/", dir, 0o755).unwrap();
    }
    write_file(&vfs, "/a/b/file", b"data");
    vfs
}

#[test]
fn absolute_relative_dots_and_slashes() {
    let vfs = tree();
    let file = ino_of(&vfs, "/a/b/file");
    for path in [
        "/a/b/file",
        "//a///b//file",
        "/a/./b/./file",
        "/a/b/../b/file",
        "/../../a/b/file",
        "/c/../a/b/file",
    ] {
        assert_eq!(vfs.resolve("/", path, true).unwrap().ino(), file, "{path}");
    }
    assert_eq!(vfs.resolve("/a", "b/file", true).unwrap().ino(), file);
    assert_eq!(vfs.resolve("/a/b", "./file", true).unwrap().ino(), file);
    assert_eq!(vfs.resolve("/c", "../a/b/file", true).unwrap().ino(), file);
    assert_eq!(
        vfs.resolve("/a/b", ".", true).unwrap().ino(),
        ino_of(&vfs, "/a/b")
    );
    assert_eq!(
        vfs.resolve("/a/b", "..", true).unwrap().ino(),
        ino_of(&vfs, "/a")
    );
    assert_eq!(
        vfs.resolve("/", "/..", true).unwrap().ino(),
        vfs.root().ino()
    );
    assert_eq!(err(vfs.resolve("/", "", true)), Errno::ENOENT);
    assert_eq!(err(vfs.resolve("/", "/a/missing", true)), Errno::ENOENT);
    assert_eq!(err(vfs.resolve("/", "/a/b/file/x", true)), Errno::ENOTDIR);
    assert_eq!(err(vfs.resolve("/", "/a/b/file/..", true)), Errno::ENOTDIR);
}

#[test]
fn trailing_slash_requires_a_directory() {
    let vfs = tree();
    assert!(vfs.resolve("/", "/a/b/", true).is_ok());
    assert!(vfs.resolve("/", "/a/b//", false).is_ok());
    assert_eq!(err(vfs.resolve("/", "/a/b/file/", true)), Errno::ENOTDIR);
    assert_eq!(err(vfs.resolve("/", "/a/b/file/.", true)), Errno::ENOTDIR);
    vfs.symlink("/", "/a/b", "/dirlink").unwrap();
    // A trailing slash follows a final symlink even when told not to.
    let node = vfs.resolve("/", "/dirlink/", false).unwrap();
    assert_eq!(node.ino(), ino_of(&vfs, "/a/b"));
    let link = vfs.resolve("/", "/dirlink", false).unwrap();
    assert_eq!(link.kind(), FileKind::Symlink);
    vfs.symlink("/", "/a/b/file", "/filelink").unwrap();
    assert_eq!(err(vfs.resolve("/", "/filelink/", false)), Errno::ENOTDIR);
}

#[test]
fn symlinks_absolute_relative_and_chained() {
    let vfs = tree();
    let file = ino_of(&vfs, "/a/b/file");
    vfs.symlink("/", "/a/b/file", "/abs").unwrap();
    vfs.symlink("/", "b/file", "/a/rel").unwrap();
    vfs.symlink("/", "../a/rel", "/c/up").unwrap();
    vfs.symlink("/", "/c/up", "/chain").unwrap();
    for path in ["/abs", "/a/rel", "/c/up", "/chain"] {
        assert_eq!(vfs.resolve("/", path, true).unwrap().ino(), file, "{path}");
        assert_eq!(
            vfs.resolve("/", path, false).unwrap().kind(),
            FileKind::Symlink
        );
    }
    // A symlink in the middle is always followed.
    vfs.symlink("/", "a", "/alink").unwrap();
    assert_eq!(
        vfs.resolve("/", "/alink/b/file", false).unwrap().ino(),
        file
    );
    assert_eq!(vfs.readlink("/", "/a/rel").unwrap(), "b/file");
    assert_eq!(err(vfs.readlink("/", "/a")), Errno::EINVAL);
    // Dangling.
    vfs.symlink("/", "/nowhere", "/dangling").unwrap();
    assert_eq!(err(vfs.resolve("/", "/dangling", true)), Errno::ENOENT);
    assert!(vfs.resolve("/", "/dangling", false).is_ok());
}

#[test]
fn dotdot_after_a_symlink_is_physical() {
    let vfs = tree();
    vfs.symlink("/", "/a/b", "/c/deep").unwrap();
    // /c/deep/.. is the parent of /a/b, not /c.
    assert_eq!(
        vfs.resolve("/", "/c/deep/..", true).unwrap().ino(),
        ino_of(&vfs, "/a")
    );
    assert_eq!(vfs.normalize("/", "/c/deep/..").unwrap(), "/a");
    assert_eq!(vfs.normalize("/c", "deep/../b/./").unwrap(), "/a/b");
}

#[test]
fn symlink_loops_and_the_hop_limit() {
    let vfs = tree();
    vfs.symlink("/", "/loop2", "/loop1").unwrap();
    vfs.symlink("/", "/loop1", "/loop2").unwrap();
    assert_eq!(err(vfs.resolve("/", "/loop1", true)), Errno::ELOOP);
    assert_eq!(err(vfs.resolve("/", "/loop1/x", false)), Errno::ELOOP);
    vfs.symlink("/", "self", "/c/self").unwrap();
    assert_eq!(err(vfs.resolve("/", "/c/self", true)), Errno::ELOOP);
    assert!(vfs.resolve("/", "/c/self", false).is_ok());

    // A chain of exactly 40 links resolves; 41 is too many.
    vfs.symlink("/", "/a/b/file", "/l0").unwrap();
    for i in 1..=40 {
        let (target, link) = (alloc::format!("/l{}", i - 1), alloc::format!("/l{i}"));
        vfs.symlink("/", &target, &link).unwrap();
    }
    assert!(vfs.resolve("/", "/l39", true).is_ok(), "40 hops");
    assert_eq!(err(vfs.resolve("/", "/l40", true)), Errno::ELOOP, "41 hops");
}

#[test]
fn name_and_path_length_limits() {
    let vfs = tree();
    let long_name: String = "x".repeat(NAME_MAX + 1);
    assert_eq!(
        err(vfs.resolve("/", &alloc::format!("/{long_name}"), true)),
        Errno::ENAMETOOLONG
    );
    assert_eq!(
        err(vfs.mkdir("/", &alloc::format!("/a/{long_name}"), 0o755)),
        Errno::ENAMETOOLONG
    );
    let ok_name: String = "y".repeat(NAME_MAX);
    vfs.mkdir("/", &alloc::format!("/{ok_name}"), 0o755)
        .unwrap();

    let long_path = "/a/.".repeat(PATH_MAX / 4 + 1);
    assert!(long_path.len() >= PATH_MAX);
    assert_eq!(err(vfs.resolve("/", &long_path, true)), Errno::ENAMETOOLONG);
    let fits = alloc::format!("{}/a", "/.".repeat((PATH_MAX - 10) / 2));
    assert!(fits.len() < PATH_MAX);
    assert!(vfs.resolve("/", &fits, true).is_ok());
}

#[test]
fn resolve_parent_splits_the_last_component() {
    let vfs = tree();
    let (dir, name) = vfs.resolve_parent("/", "/a/b/new").unwrap();
    assert_eq!((dir.ino(), name.as_str()), (ino_of(&vfs, "/a/b"), "new"));
    let (dir, name) = vfs.resolve_parent("/a", "b/new//").unwrap();
    assert_eq!((dir.ino(), name.as_str()), (ino_of(&vfs, "/a/b"), "new"));
    let (dir, name) = vfs.resolve_parent("/a/b", "new").unwrap();
    assert_eq!((dir.ino(), name.as_str()), (ino_of(&vfs, "/a/b"), "new"));
    let (dir, name) = vfs.resolve_parent("/a/b", "/").unwrap();
    assert_eq!((dir.ino(), name.as_str()), (vfs.root().ino(), "."));
    let (_, name) = vfs.resolve_parent("/", "/a/..").unwrap();
    assert_eq!(name, "..");
    vfs.symlink("/", "/a", "/alink").unwrap();
    let (dir, name) = vfs.resolve_parent("/", "/alink/b").unwrap();
    assert_eq!((dir.ino(), name.as_str()), (ino_of(&vfs, "/a"), "b"));
    assert_eq!(err(vfs.resolve_parent("/", "/missing/x")), Errno::ENOENT);
    assert_eq!(err(vfs.resolve_parent("/", "/a/b/file/x")), Errno::ENOTDIR);
}

#[test]
fn canonical_paths() {
    let vfs = tree();
    vfs.symlink("/", "a/b", "/ab").unwrap();
    assert_eq!(vfs.normalize("/", "/").unwrap(), "/");
    assert_eq!(vfs.normalize("/", "//a//b/").unwrap(), "/a/b");
    assert_eq!(vfs.normalize("/a", "..").unwrap(), "/");
    assert_eq!(vfs.normalize("/", "/ab").unwrap(), "/a/b");
    assert_eq!(vfs.normalize("/c", "../ab/file").unwrap(), "/a/b/file");
    let (node, path) = vfs.resolve_canonical("/", "/ab", false).unwrap();
    assert_eq!((node.kind(), path.as_str()), (FileKind::Symlink, "/ab"));
}

#[test]
fn mounts_cover_directories_and_dotdot_crosses_back() {
    let vfs = tree();
    write_file(&vfs, "/mnt/hidden", b"under");
    let tmp = vfs.new_tmpfs(tmpfs::Limits::default());
    vfs.mount("/mnt", tmp.clone(), "tmpfs").unwrap();
    assert_eq!(vfs.resolve("/", "/mnt", true).unwrap().ino(), tmp.ino());
    assert_eq!(err(vfs.resolve("/", "/mnt/hidden", true)), Errno::ENOENT);
    vfs.mkdir("/", "/mnt/sub", 0o755).unwrap();
    write_file(&vfs, "/mnt/sub/f", b"on tmpfs");
    assert!(tmp.lookup("sub").is_ok());
    // `..` at the mount's root leads to the parent of the mount point.
    assert_eq!(
        vfs.resolve("/mnt", "..", true).unwrap().ino(),
        vfs.root().ino()
    );
    assert_eq!(
        vfs.resolve("/", "/mnt/sub/../../a", true).unwrap().ino(),
        ino_of(&vfs, "/a")
    );
    assert_eq!(vfs.normalize("/mnt/sub", "../..").unwrap(), "/");
    assert_eq!(vfs.normalize("/", "/mnt/sub").unwrap(), "/mnt/sub");
    // Mount points resist removal and renaming.
    assert_eq!(err(vfs.rmdir("/", "/mnt")), Errno::EBUSY);
    assert_eq!(err(vfs.rename("/", "/mnt", "/moved")), Errno::EBUSY);
    assert_eq!(err(vfs.rename("/", "/c", "/mnt")), Errno::EBUSY);
    assert_eq!(err(vfs.rmdir("/", "/")), Errno::EBUSY);
    // Crossing file systems.
    assert_eq!(err(vfs.rename("/", "/mnt/sub/f", "/c/f")), Errno::EXDEV);
    assert_eq!(
        err(vfs.link("/", "/a/b/file", "/mnt/link", true)),
        Errno::EXDEV
    );

    assert_eq!(
        vfs.mounts(),
        vec![
            ("/".into(), "rootfs".into()),
            ("/mnt".into(), "tmpfs".into())
        ]
    );
    assert_eq!(
        err(vfs.mount("/mnt", vfs.new_tmpfs(Default::default()), "tmpfs")),
        Errno::EBUSY
    );
    assert_eq!(
        err(vfs.mount("/", vfs.new_tmpfs(Default::default()), "tmpfs")),
        Errno::EBUSY
    );
    assert_eq!(
        err(vfs.mount("/a/b/file", vfs.new_tmpfs(Default::default()), "tmpfs")),
        Errno::ENOTDIR
    );

    // A nested mount keeps the outer one busy.
    vfs.mount("/mnt/sub", vfs.new_tmpfs(Default::default()), "proc")
        .unwrap();
    assert_eq!(err(vfs.umount("/mnt")), Errno::EBUSY);
    vfs.umount("/mnt/sub").unwrap();
    assert!(crate::vfs::same_node(&vfs.umount("/mnt").unwrap(), &tmp));
    assert_eq!(err(vfs.umount("/mnt")), Errno::EINVAL);
    assert_eq!(read_file(&vfs, "/mnt/hidden"), b"under");
    assert_eq!(vfs.mounts().len(), 1);
}

#[test]
fn symlink_into_a_mount_and_out_again() {
    let vfs = tree();
    vfs.mount("/mnt", vfs.new_tmpfs(Default::default()), "tmpfs")
        .unwrap();
    vfs.mkdir("/", "/mnt/d", 0o755).unwrap();
    vfs.symlink("/", "/mnt/d", "/c/into").unwrap();
    vfs.symlink("/", "../../a/b", "/mnt/d/out").unwrap();
    assert_eq!(vfs.normalize("/", "/c/into/out").unwrap(), "/a/b");
    assert_eq!(vfs.normalize("/", "/c/into/..").unwrap(), "/mnt");
}

#[test]
fn relative_walk_needs_an_absolute_cwd() {
    let vfs = tree();
    assert_eq!(err(vfs.resolve("a", "b", true)), Errno::ENOENT);
    assert_eq!(err(vfs.resolve("/missing", "b", true)), Errno::ENOENT);
    assert_eq!(err(vfs.resolve("/a/b/file", "x", true)), Errno::ENOTDIR);
}
