#include "candidate_scanner.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include "candidate_patterns.h"
#include "hearth/util/error.h"

namespace hearth::privacy::structured {

bool candidate_order(const Candidate& a, const Candidate& b) {
  if (anchor_position(a) != anchor_position(b)) return anchor_position(a) < anchor_position(b);
  if (a.pattern != b.pattern) return a.pattern < b.pattern;
  return a.end < b.end;
}

namespace {

std::atomic<std::uint64_t> next_database_id{1};

// Hyperscan scratch space may be used by one scan at a time, so each thread
// keeps its own, grown to fit whichever database it last scanned with.
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  std::uint64_t fitted_database = 0;

  ThreadScratch() = default;
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;
  ~ThreadScratch() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
};

hs_scratch_t* scratch_for(const hs_database_t* database, std::uint64_t database_id) {
  thread_local ThreadScratch local;
  if (local.fitted_database != database_id) {
    if (hs_alloc_scratch(database, &local.scratch) != HS_SUCCESS)
      raise(ErrorKind::resource_exhausted, "structured recognizer: cannot allocate scan scratch");
    local.fitted_database = database_id;
  }
  return local.scratch;
}

struct WindowMatches {
  const std::vector<bool>* reports_start;
  std::size_t offset;  // of the scanned buffer in the whole text
  std::vector<Candidate> found;
  std::vector<std::size_t> last_by_pattern;  // index into found, or npos
};

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int,
             void* context) {
  auto& matches = *static_cast<WindowMatches*>(context);
  const std::size_t end = matches.offset + to;
  const std::size_t begin = (*matches.reports_start)[id] ? matches.offset + from : end;
  // Ends arrive in increasing order, so a longer match from the same start
  // usually follows its shorter one directly: widen it in place instead of
  // storing every end (the sort below merges the rest).
  std::size_t& last = matches.last_by_pattern[id];
  if (last != std::numeric_limits<std::size_t>::max() && matches.found[last].begin == begin) {
    matches.found[last].end = end;
    return 0;
  }
  last = matches.found.size();
  matches.found.push_back({id, begin, end});
  return 0;
}

std::vector<std::uint32_t> all_pattern_ids() {
  std::vector<std::uint32_t> ids(candidate_patterns().size());
  std::iota(ids.begin(), ids.end(), 0u);
  return ids;
}

}  // namespace

CandidateScanner::CandidateScanner() : CandidateScanner(all_pattern_ids()) {}

CandidateScanner::CandidateScanner(std::span<const std::uint32_t> pattern_ids,
                                   std::size_t window_size)
    : database_id_(next_database_id.fetch_add(1)),
      window_size_(std::clamp<std::size_t>(window_size, 1, std::size_t{1} << 30)) {
  const auto table = candidate_patterns();
  reports_start_.assign(table.size(), false);
  std::vector<std::string> expressions;
  std::vector<const char*> expression_pointers;
  std::vector<unsigned int> flags, ids;
  for (std::uint32_t id : pattern_ids) {
    if (id >= table.size()) raise(ErrorKind::internal, "structured pattern {} does not exist", id);
    const CandidatePattern& pattern = table[id];
    reports_start_[id] = pattern.reports_start;
    expressions.emplace_back(pattern.expression);
    flags.push_back(pattern.hyperscan_flags | (pattern.reports_start ? HS_FLAG_SOM_LEFTMOST : 0u));
    ids.push_back(id);

    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_expression_info(expressions.back().c_str(), flags.back(), &info, &error) != HS_SUCCESS) {
      const std::string message = error->message;
      hs_free_compile_error(error);
      raise(ErrorKind::internal, "structured pattern {} ({}) is invalid: {}", id,
            pattern.expression, message);
    }
    const unsigned int max_width = info->max_width;
    std::free(info);
    if (max_width > kMaxPatternWidth)
      raise(ErrorKind::internal, "structured pattern {} ({}) can match {} bytes, more than {}", id,
            pattern.expression, max_width, kMaxPatternWidth);
  }
  for (const std::string& expression : expressions)
    expression_pointers.push_back(expression.c_str());

  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expression_pointers.data(), flags.data(), ids.data(),
                       static_cast<unsigned int>(ids.size()), HS_MODE_BLOCK, nullptr, &database_,
                       &error) != HS_SUCCESS) {
    const std::string message = error->message;
    const int failed = error->expression;
    hs_free_compile_error(error);
    raise(ErrorKind::internal, "structured patterns do not compile (pattern {}): {}",
          failed >= 0 ? ids[static_cast<std::size_t>(failed)] : 0u, message);
  }
}

CandidateScanner::~CandidateScanner() {
  if (database_ != nullptr) hs_free_database(database_);
}

CandidateScanner::CandidateScanner(CandidateScanner&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)),
      database_id_(other.database_id_),
      window_size_(other.window_size_),
      reports_start_(std::move(other.reports_start_)) {}

CandidateScanner& CandidateScanner::operator=(CandidateScanner&& other) noexcept {
  if (this != &other) {
    if (database_ != nullptr) hs_free_database(database_);
    database_ = std::exchange(other.database_, nullptr);
    database_id_ = other.database_id_;
    window_size_ = other.window_size_;
    reports_start_ = std::move(other.reports_start_);
  }
  return *this;
}

void CandidateScanner::scan(std::string_view text, const WindowHandler& on_window) const {
  hs_scratch_t* scratch = scratch_for(database_, database_id_);
  WindowMatches matches{&reports_start_, 0, {}, {}};
  // A window accepts the candidates whose start (or last byte, for keyword
  // anchors) lies in it; the margins let Hyperscan see every byte such a
  // candidate and its \b assertions can touch, and keep a candidate that
  // begins in the left margin from being reported with a truncated start.
  const std::size_t margin = kMaxPatternWidth;
  for (std::size_t window = 0; window < text.size(); window += window_size_) {
    const std::size_t window_end = std::min(text.size(), window + window_size_);
    const std::size_t buffer_begin = window > margin ? window - margin : 0;
    const std::size_t buffer_end = std::min(text.size(), window_end + margin);
    matches.offset = buffer_begin;
    matches.found.clear();
    matches.last_by_pattern.assign(reports_start_.size(), std::numeric_limits<std::size_t>::max());
    const hs_error_t status = hs_scan(database_, text.data() + buffer_begin,
                                      static_cast<unsigned int>(buffer_end - buffer_begin), 0,
                                      scratch, on_match, &matches);
    if (status != HS_SUCCESS)
      raise(ErrorKind::internal, "structured recognizer: Hyperscan scan failed ({})", status);

    auto& found = matches.found;
    std::erase_if(found, [&](const Candidate& c) {
      return anchor_position(c) < window || anchor_position(c) >= window_end;
    });
    std::sort(found.begin(), found.end(), candidate_order);
    // Keep the longest match per pattern and start: the last of each run.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
      const bool last_of_run = i + 1 == found.size() || found[i + 1].begin != found[i].begin ||
                               found[i + 1].pattern != found[i].pattern;
      if (last_of_run) found[kept++] = found[i];
    }
    found.resize(kept);
    on_window(found);
  }
}

std::vector<Candidate> CandidateScanner::scan_all(std::string_view text) const {
  std::vector<Candidate> all;
  scan(text, [&](std::span<const Candidate> window) {
    all.insert(all.end(), window.begin(), window.end());
  });
  return all;
}

}  // namespace hearth::privacy::structured
