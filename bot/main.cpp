// The ritualbot program: hands the command line over to bot/cli/cli.cpp (one verb per file);
// `run` reaches bot/app.cpp, the only place that wires every layer.

#include "bot/cli/cli.hpp"

#include <malloc.h>

#include <string>
#include <vector>

namespace {

// SQLite gives every statement that needs a temporary table (RETURNING, a sort without an
// index) a page cache of its own: 87 KB allocated and freed on each call. With glibc's default
// trim threshold (128 KiB) each free shrank the heap with brk and the next call grew it again,
// every shrink a TLB flush of the whole process: 16% of a vote's CPU in its profile
// (bench/README.md). A freed megabyte at the heap's top is now kept for the next call.
void keep_heap_top_for_reuse() {
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, 1 << 20);
#endif
}

}  // namespace

int main(int argc, char** argv) {
    keep_heap_top_for_reuse();
    const std::vector<std::string> args(argv + 1, argv + argc);
    return ritualbot::bot::run_cli(args, ritualbot::config::process_environment());
}
