//! The program's allocator (feature `mimalloc`, on by default). A library
//! does not choose its embedder's allocator, so this lives with the binary.

/// mimalloc rather than the system allocator: a build frees and allocates
/// segment-sized buffers over and over from several threads, and glibc's
/// per-thread arenas keep the freed memory, so its peak grew with the
/// archive (a 220,000-article build peaked at 1.54x the 22,000-article
/// one, mimalloc at 1.22x) and its builds ran about 8% slower. Searches do
/// not notice either way.
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

/// mimalloc through its plain entry points. The `mimalloc` crate's
/// allocator hands every request to `mi_malloc_aligned`, whose fast path
/// takes only small blocks: any larger request went through the aligned
/// slow path (over-allocate, then align), about 0.4 G instructions of a
/// shared-corpus build. Requests whose alignment `mi_malloc` gives anyway
/// (at most 16 and at most the size, as for the C `malloc`) go to the plain
/// functions; others to the aligned ones.
struct MiMalloc;

impl MiMalloc {
    /// Whether `mi_malloc(size)` is aligned enough for `align`: mimalloc
    /// aligns blocks of 16 bytes and more to 16, smaller ones to their size
    /// class, as C's `malloc` must.
    fn plain(size: usize, align: usize) -> bool {
        align <= 16 && align <= size
    }
}

// SAFETY: each method passes the layout's size (and alignment, unless
// `plain` says mimalloc's own alignment covers it) to the mimalloc function
// of the same job, which returns a block at least that large and that
// aligned, or null when out of memory, as `GlobalAlloc` requires. Every
// block, aligned or not, is released by `mi_free` or resized by
// `mi_realloc`/`mi_realloc_aligned`, which accept any block mimalloc made.
unsafe impl std::alloc::GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys as mi;
        // SAFETY: see the impl.
        unsafe {
            if Self::plain(layout.size(), layout.align()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys as mi;
        // SAFETY: see the impl.
        unsafe {
            if Self::plain(layout.size(), layout.align()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: see the impl; `ptr` came from this allocator.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys as mi;
        // SAFETY: see the impl; `ptr` came from this allocator.
        unsafe {
            if Self::plain(new_size, layout.align()) {
                mi::mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}
