#include "deny_list_matcher.h"

#include <hs/hs.h>

#include <string>
#include <vector>

#include "hearth/util/error.h"
#include "word_boundary.h"

namespace hearth::privacy {
namespace {

struct DatabaseDeleter {
  void operator()(hs_database_t* database) const { hs_free_database(database); }
};
struct ScratchDeleter {
  void operator()(hs_scratch_t* scratch) const { hs_free_scratch(scratch); }
};

struct MatchContext {
  std::string_view text;
  const std::vector<DenyListEntry>* entries;
  Detections* out;
};

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
             void* context_pointer) {
  auto& context = *static_cast<MatchContext*>(context_pointer);
  const auto begin = static_cast<std::size_t>(from);
  const auto end = static_cast<std::size_t>(to);
  if (!is_whole_word(context.text, begin, end)) return 0;
  context.out->push_back(Detection{(*context.entries)[id].type, begin, end, 1.0f, "deny_list", {}});
  return 0;
}

}  // namespace

struct DenyListMatcher::Impl {
  std::vector<DenyListEntry> entries;
  std::unique_ptr<hs_database_t, DatabaseDeleter> database;
  std::unique_ptr<hs_scratch_t, ScratchDeleter> prototype_scratch;
};

DenyListMatcher::DenyListMatcher(std::span<const DenyListEntry> entries)
    : impl_(std::make_unique<Impl>()) {
  impl_->entries.assign(entries.begin(), entries.end());
  if (impl_->entries.empty()) return;

  std::vector<const char*> values;
  std::vector<std::size_t> lengths;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (std::size_t i = 0; i < impl_->entries.size(); ++i) {
    const std::string& value = impl_->entries[i].value;
    if (value.empty()) raise(ErrorKind::invalid_argument, "deny list entry {} is empty", i + 1);
    values.push_back(value.data());
    lengths.push_back(value.size());
    flags.push_back(HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_lit_multi(values.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(values.size()), HS_MODE_BLOCK, nullptr, &database,
                           &error) != HS_SUCCESS) {
    const std::string message = error != nullptr ? error->message : "unknown error";
    hs_free_compile_error(error);
    raise(ErrorKind::invalid_argument, "deny list could not be compiled: {}", message);
  }
  impl_->database.reset(database);
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
    raise(ErrorKind::resource_exhausted, "no memory for the deny list's scratch space");
  }
  impl_->prototype_scratch.reset(scratch);
}

DenyListMatcher::~DenyListMatcher() = default;
DenyListMatcher::DenyListMatcher(DenyListMatcher&&) noexcept = default;
DenyListMatcher& DenyListMatcher::operator=(DenyListMatcher&&) noexcept = default;

void DenyListMatcher::find(std::string_view text, Detections& out) const {
  if (!impl_->database || text.empty()) return;
  // Scratch space belongs to one scan at a time; a clone per call keeps find
  // thread-safe at the cost of one small allocation.
  hs_scratch_t* clone = nullptr;
  if (hs_clone_scratch(impl_->prototype_scratch.get(), &clone) != HS_SUCCESS) {
    raise(ErrorKind::resource_exhausted, "no memory for the deny list's scratch space");
  }
  const std::unique_ptr<hs_scratch_t, ScratchDeleter> scratch(clone);
  // Texts are at most kMaxScanBytes (scanner.h), within Hyperscan's 32-bit length.
  MatchContext context{text, &impl_->entries, &out};
  hs_scan(impl_->database.get(), text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(),
          on_match, &context);
}

}  // namespace hearth::privacy
