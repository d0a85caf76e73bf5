// How kubepp's processes use the allocator.
//
// The control plane allocates and frees many small JSON nodes from many
// threads; it runs on jemalloc (linked when found, see src/cmd/CMakeLists.txt)
// with two arenas, thread caches and a background thread returning freed
// pages. A node agent mostly waits and should stay small: one arena, no
// thread caches, freed pages returned at once.
//
// jemalloc reads its settings once, before main runs, so a process that wants
// the compact ones restarts itself with them in MALLOC_CONF (which also lets
// an operator override either set). Under glibc's malloc it limits arenas.
//
// Thread safety: call from main before any thread starts.
#pragma once

namespace kubepp::cmd {

// May restart the process (same argv); returns once the settings are in place.
void UseCompactAllocator(char** argv);

}  // namespace kubepp::cmd
