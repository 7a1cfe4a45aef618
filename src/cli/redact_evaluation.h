// `hearth redact --eval`: the scanner measured against a labeled corpus.
#pragma once

#include <string>

#include "hearth/privacy/scanner.h"

namespace hearth::cli {

// Prints precision, recall and F1 per entity type (exact spans, and spans
// that overlap), each type's target from the issue and whether it is met;
// --json prints the same as JSON, --verbose adds every mistake.
int run_redact_evaluation(const privacy::ScannerOptions& options, const std::string& corpus,
                          bool json, bool verbose);

}  // namespace hearth::cli
