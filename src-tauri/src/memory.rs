//! How the app's own process gives memory back: glibc's allocator, tuned for a program that
//! is mostly idle after its first screen and left open all night.
//!
//! glibc gives each thread that allocates its own arena (up to eight per core) and keeps what
//! is freed in it for reuse. The app's threads (the async runtime, the read pool, WebKit's and
//! GTK's own) each left an arena of a few hundred KiB behind, and the start-up's freed memory
//! stayed in them: the app's process was 2–3 MiB of heap larger than a hello-world Tauri app's
//! for nothing it still used (BENCHMARKS.md, tenth session). So arenas are capped at two, and
//! once the first screen is painted what is free is handed back to the kernel.
//!
//! These are the crate's only `unsafe` lines: two calls into the C library, each with no
//! pointer and no precondition but the one said at the call.

/// Called first thing in `run`, before any thread exists: the cap holds for arenas made
/// after it, and threads made earlier may already have theirs.
pub fn cap_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` takes two integers and only sets a field of the allocator; it is
    // called before any other thread exists, so no allocation runs beside it.
    #[allow(unsafe_code)]
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Hands free heap pages back to the kernel (the memory stays the app's to allocate again).
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes a size and locks each arena itself; any thread may call it.
    #[allow(unsafe_code)]
    unsafe {
        libc::malloc_trim(0);
    }
}
