// libFuzzer target for what `hearth pull` reads from the network and the
// command line: a page of the hub's file listing, then the choice of a GGUF
// file in it, and a pull reference ("owner/repo:file"). Checked: only
// hearth::Error is ever thrown; a listed file's SHA-256, when present, is 64
// lower-case hex digits; a chosen file is one of the listed GGUF files.
//
// hub_tests links this file too and replays fuzz/corpus/hub_listing and
// fuzz/regressions/hub_listing through LLVMFuzzerTestOneInput.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "../src/hub/listing_page.h"
#include "hearth/hub/file_selection.h"
#include "hearth/hub/pull.h"
#include "hearth/util/error.h"

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "hub_listing_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<hearth::hub::RepoFile> files;
    hearth::hub::detail::parse_listing_page(text, "http://hub.test/api", files);
    for (const hearth::hub::RepoFile& file : files) {
      if (!file.sha256) continue;
      if (file.sha256->size() != 64) fail("a SHA-256 that is not 64 digits");
      for (char c : *file.sha256) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) fail("a SHA-256 digit");
      }
    }
    const std::optional<std::string> requested =
        files.empty() ? std::nullopt : std::optional<std::string>(files.front().path);
    const hearth::hub::RepoFile& chosen =
        hearth::hub::select_gguf_file(files, "owner/repo", requested);
    bool listed = false;
    for (const hearth::hub::RepoFile& file : files) listed = listed || &file == &chosen;
    if (!listed) fail("the chosen file is not one of the listed ones");
  } catch (const hearth::Error&) {
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hub_listing_fuzz: unexpected exception: %s\n", error.what());
    std::abort();
  }
  try {
    hearth::hub::parse_pull_reference(text);
  } catch (const hearth::Error&) {
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hub_listing_fuzz: unexpected exception: %s\n", error.what());
    std::abort();
  }
  return 0;
}
