// ModelDescription as JSON, for `hearth inspect --json` and the server.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "hearth/model/model_description.h"

namespace hearth::model {

// Every field under its snake_case name; absent values are null. Tensor types
// are {"type": "Q4_K", "tensors": n, "elements": n, "bytes": n}.
nlohmann::json to_json(const ModelDescription& description);

}  // namespace hearth::model
