#include "test_models.h"

#include <string>

#include "hearth/model/presets.h"
#include "hearth/model/synthetic_model.h"
#include "test_paths.h"

namespace hearth::testing {
namespace {

std::filesystem::path write_tiny_model(const char* preset) {
  static const ScratchDir directory;
  model::SyntheticModelSpec spec =
      model::make_synthetic_spec(*model::find_preset(preset), vocab_path("qwen2"));
  spec.weight_format = model::WeightFormat::f32;
  const std::filesystem::path file = directory / (std::string(preset) + "-f32.gguf");
  model::write_synthetic_model(spec, file);
  return file;
}

}  // namespace

const std::filesystem::path& tiny_qwen2_model() {
  static const std::filesystem::path path = write_tiny_model("tiny");
  return path;
}

const std::filesystem::path& tiny_qwen3_model() {
  static const std::filesystem::path path = write_tiny_model("tiny-qwen3");
  return path;
}

}  // namespace hearth::testing
