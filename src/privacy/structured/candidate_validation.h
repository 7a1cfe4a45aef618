// Turns the candidates of one text into detections: dispatches each to the
// recognizer for its kind, skips anchors that fall inside a value already
// examined (the other "eyJ" or "::" anchors of one token, a "www." inside a
// URL), and settles duplicates at the end.
#pragma once

#include <span>
#include <string_view>

#include "../detection.h"
#include "candidate_scanner.h"
#include "phone_recognizer.h"
#include "secret_recognizers.h"

namespace hearth::privacy::structured {

// One text's validation. Feed it the candidates in candidate_order, in as
// many batches as convenient, then call finish() once.
class CandidateValidation {
 public:
  CandidateValidation(const PhoneRecognizer& phones, std::string_view text);

  void validate(std::span<const Candidate> candidates);

  // Appends the detections to out, sorted by start. Of detections with the
  // same type and span the most confident is kept, and a SECRET that
  // overlaps a more specific credential (API key, JWT, private key,
  // password) is dropped: that value was recognized by what it is.
  void finish(Detections& out);

 private:
  std::optional<Detection> confirm(const Candidate& candidate);
  std::optional<Detection> take_pending_phone();

  const PhoneRecognizer& phones_;
  std::string_view text_;
  Detections found_;
  PemEndMarkers pem_end_markers_;
  // End of the last value examined for the kinds grown from an anchor:
  // anchors before it belong to that value.
  std::size_t url_examined_end_ = 0;
  std::size_t jwt_examined_end_ = 0;
  std::size_t ipv6_examined_end_ = 0;
  std::size_t private_key_examined_end_ = 0;
  // The phone pattern reports every end of a run of digits and separators;
  // the run's longest end is held here until a run with another start comes.
  std::size_t pending_phone_begin_ = std::string_view::npos;
  std::size_t pending_phone_end_ = 0;
};

}  // namespace hearth::privacy::structured
