// Turning the recognizers' overlapping detections into one reading of the text.
#pragma once

#include "detection.h"

namespace hearth::privacy {

// Keeps the detections no stronger detection overlaps — stronger meaning
// higher confidence, then the longer span, then the earlier one — and returns
// them in text order. Linear in the number of detections after sorting.
Detections resolve_overlaps(Detections detections);

}  // namespace hearth::privacy
