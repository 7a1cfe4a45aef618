#include "structured_recognizer.h"

#include "candidate_scanner.h"
#include "candidate_validation.h"
#include "phone_recognizer.h"

namespace hearth::privacy {

// Confidence scheme (all recognizers): a candidate whose validator passed
// starts at a base that reflects how much its shape alone proves (0.95 for a
// well-formed email or a JWT, 0.7 for a bare Luhn-valid digit run, 0.4 for
// an unformatted phone number), context words nearby then add or subtract
// (+0.1..0.35 for "card", "SSN", "phone"; -0.35 for "order", "invoice",
// "ticket", "id"). The scanner's default threshold is 0.5: what only a
// shape suggests lands below it, what a validator or a context word
// confirms lands above.
struct StructuredRecognizer::Impl {
  explicit Impl(StructuredOptions options) : phones(std::move(options.default_region)) {}

  structured::CandidateScanner scanner;
  structured::PhoneRecognizer phones;
};

StructuredRecognizer::StructuredRecognizer(StructuredOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

StructuredRecognizer::~StructuredRecognizer() = default;
StructuredRecognizer::StructuredRecognizer(StructuredRecognizer&&) noexcept = default;
StructuredRecognizer& StructuredRecognizer::operator=(StructuredRecognizer&&) noexcept = default;

void StructuredRecognizer::find(std::string_view text, Detections& out) const {
  structured::CandidateValidation validation(impl_->phones, text);
  impl_->scanner.scan(text, [&](std::span<const structured::Candidate> candidates) {
    validation.validate(candidates);
  });
  validation.finish(out);
}

}  // namespace hearth::privacy
