#include "hearth/privacy/scanner.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <unordered_set>

#include "character_offsets.h"
#include "deny_list_matcher.h"
#include "hearth/util/error.h"
#include "names/name_recognizer.h"
#include "overlap_resolution.h"
#include "structured/structured_recognizer.h"

namespace hearth::privacy {
namespace {

// Whether `candidate` overlaps one of `sorted`, which are in text order and
// do not overlap one another.
bool overlaps_any(const Detections& sorted, const Detection& candidate) {
  const auto after = std::lower_bound(
      sorted.begin(), sorted.end(), candidate.end,
      [](const Detection& detection, std::size_t end) { return detection.begin < end; });
  return after != sorted.begin() && std::prev(after)->end > candidate.begin;
}

std::string ascii_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace

struct Scanner::Impl {
  explicit Impl(ScannerOptions scanner_options)
      : options(std::move(scanner_options)),
        structured(StructuredOptions{options.default_region}),
        names(options.detect_names ? &NameRecognizer::builtin() : nullptr),
        deny_list(options.deny_list) {
    if (!(options.min_confidence >= 0 && options.min_confidence <= 1)) {
      raise(ErrorKind::invalid_argument, "minimum confidence {} is outside 0..1",
            options.min_confidence);
    }
    for (const std::string& value : options.allow_list) allowed.insert(ascii_lower(value));
  }

  // The detections that pass the confidence floor and the allow list. The
  // lists act before overlaps are resolved: an allowed value must not hide a
  // weaker finding it overlaps, and a denied one outranks everything.
  Detections keep_reportable(Detections detections, std::string_view text) const {
    Detections kept;
    kept.reserve(detections.size());
    for (Detection& detection : detections) {
      if (detection.end > text.size() || detection.begin >= detection.end) continue;
      if (detection.confidence < options.min_confidence) continue;
      if (is_allowed(detection, text.substr(detection.begin, detection.end - detection.begin))) {
        continue;
      }
      kept.push_back(std::move(detection));
    }
    return kept;
  }

  bool is_allowed(const Detection& detection, std::string_view text) const {
    if (allowed.empty()) return false;
    if (allowed.contains(ascii_lower(text))) return true;
    return !detection.normalized.empty() && allowed.contains(ascii_lower(detection.normalized));
  }

  ScannerOptions options;
  StructuredRecognizer structured;
  const NameRecognizer* names;
  DenyListMatcher deny_list;
  std::unordered_set<std::string> allowed;  // lower-cased
};

Scanner::Scanner(ScannerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Scanner::~Scanner() = default;
Scanner::Scanner(Scanner&&) noexcept = default;
Scanner& Scanner::operator=(Scanner&&) noexcept = default;

const ScannerOptions& Scanner::options() const noexcept {
  return impl_->options;
}

std::vector<Finding> Scanner::scan(std::string_view text) const {
  if (text.size() > kMaxScanBytes) {
    raise(ErrorKind::resource_exhausted, "text of {} bytes is over the scanner's limit of {} bytes",
          text.size(), kMaxScanBytes);
  }
  Detections detections;
  impl_->structured.find(text, detections);
  impl_->deny_list.find(text, detections);
  const Detections identifiers =
      resolve_overlaps(impl_->keep_reportable(std::move(detections), text));

  // Validated identifiers outrank the name tagger whatever its confidence:
  // a word inside an email address, a key or a PEM block is never a name.
  Detections names;
  if (impl_->names != nullptr) impl_->names->find(text, names);
  Detections combined = identifiers;
  for (Detection& name : impl_->keep_reportable(std::move(names), text)) {
    if (!overlaps_any(identifiers, name)) combined.push_back(std::move(name));
  }
  const Detections kept = resolve_overlaps(std::move(combined));

  std::vector<Finding> findings;
  findings.reserve(kept.size());
  CharacterCounter counter(text);
  for (const Detection& detection : kept) {
    Finding finding;
    finding.type = detection.type;
    finding.byte_begin = detection.begin;
    finding.byte_end = detection.end;
    finding.char_begin = counter.characters_before(detection.begin);
    finding.char_end = counter.characters_before(detection.end);
    finding.text = std::string(text.substr(detection.begin, detection.end - detection.begin));
    finding.normalized = detection.normalized;
    finding.confidence = detection.confidence;
    finding.recognizer = detection.recognizer;
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace hearth::privacy
