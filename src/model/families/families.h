// The traits of each transformer family, one file each.
#pragma once

#include "hearth/model/architecture.h"

namespace hearth::model::families {

extern const ArchitectureTraits llama;
extern const ArchitectureTraits qwen2;
extern const ArchitectureTraits qwen3;

}  // namespace hearth::model::families
