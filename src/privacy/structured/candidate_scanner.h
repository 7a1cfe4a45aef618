// Runs Hyperscan over a text and hands back the candidates it reports. One
// compiled database serves any number of threads: each thread keeps its own
// scratch space.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

struct hs_database;

namespace hearth::privacy::structured {

struct Candidate {
  std::uint32_t pattern = 0;  // index into candidate_patterns()
  // Half-open byte span. For patterns that do not report a start (keyword
  // anchors) begin == end: only the end is known and needed.
  std::size_t begin = 0;
  std::size_t end = 0;

  friend bool operator==(const Candidate&, const Candidate&) = default;
};

// Where a candidate is anchored in the text: its first byte, or for
// candidates without a start their last byte. Windows of the scan accept
// candidates by it, and validation visits candidates in its order.
inline std::size_t anchor_position(const Candidate& c) {
  return c.begin == c.end ? c.end - 1 : c.begin;
}

// Order in which candidates are validated: by anchor position, then
// pattern, then end.
bool candidate_order(const Candidate& a, const Candidate& b);

class CandidateScanner {
 public:
  static constexpr std::size_t kDefaultWindowSize = std::size_t{1} << 20;

  // Compiles the given entries of candidate_patterns() into one block-mode
  // database. Throws hearth::Error (internal) if a pattern does not compile
  // or is wider than kMaxPatternWidth. window_size bounds the bytes scanned
  // (and the candidates held) at once; see scan().
  explicit CandidateScanner(std::span<const std::uint32_t> pattern_ids,
                            std::size_t window_size = kDefaultWindowSize);
  // All of candidate_patterns().
  CandidateScanner();
  ~CandidateScanner();
  CandidateScanner(CandidateScanner&&) noexcept;
  CandidateScanner& operator=(CandidateScanner&&) noexcept;

  // Scans text in windows of at most window_size bytes (plus margins of
  // kMaxPatternWidth on each side) and calls on_window once per window with
  // its candidates in candidate_order. For each pattern and start only the
  // longest match is kept (Hyperscan reports every end). Concatenating the
  // windows' lists gives the list for the whole text, so memory stays
  // bounded by the window whatever the input's size.
  using WindowHandler = std::function<void(std::span<const Candidate>)>;
  void scan(std::string_view text, const WindowHandler& on_window) const;

  // Convenience for tests and small inputs: every candidate, in order.
  std::vector<Candidate> scan_all(std::string_view text) const;

 private:
  hs_database* database_ = nullptr;
  std::uint64_t database_id_ = 0;  // tells a thread whether its scratch fits this database
  std::size_t window_size_ = kDefaultWindowSize;
  std::vector<bool> reports_start_;  // by pattern index into candidate_patterns()
};

}  // namespace hearth::privacy::structured
