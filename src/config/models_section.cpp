#include <fmt/format.h>

#include <system_error>

#include "hearth/hub/model_reference.h"
#include "hearth/util/error.h"
#include "names.h"
#include "sections.h"

namespace hearth::config::detail {
namespace {

// A file under base_dir when there is one, else the name of a pulled model.
std::filesystem::path resolve_model(const Context& context, const std::string& reference,
                                    const toml::node& where) {
  const std::filesystem::path path = resolve_path(context, reference);
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) return path;
  if (std::filesystem::exists(path, error)) {
    fail_at(where.source(), fmt::format("model file {} is not a file", path.string()));
  }
  if (std::filesystem::path(reference).is_absolute() || reference.starts_with('~')) {
    fail_at(where.source(), fmt::format("model file {} does not exist", path.string()));
  }
  try {
    return hub::resolve_model_reference(reference);
  } catch (const Error& hub_error) {
    fail_at(where.source(),
            fmt::format("`{}` is neither a file in {} nor a pulled model: {}", reference,
                        context.base_dir.empty() ? "." : context.base_dir.string(),
                        hub_error.message()));
  }
}

void read_kv_type(TableReader& reader, tensor::TensorType& out) {
  std::string name;
  reader.read("kv_type", name);
  if (name.empty()) return;
  if (name == "f16") {
    out = tensor::TensorType::f16;
  } else if (name == "q8_0") {
    out = tensor::TensorType::q8_0;
  } else {
    reader.fail_value("kv_type", "`kv_type` must be \"f16\" or \"q8_0\"");
  }
}

}  // namespace

void read_models(TableReader& root, const Context& context,
                 std::vector<server::ModelConfig>& models) {
  UniqueNames ids("model id");
  for (const toml::table* table : root.tables("models", "[[models]]")) {
    TableReader reader(*table, "[[models]]");
    server::ModelConfig model;
    model.id = reader.required_string("id");
    ids.add(model.id, *reader.find("id"));
    if (model.id.starts_with("remote:")) {
      reader.fail_value("id", "a model id cannot start with `remote:`");
    }
    const std::string reference = reader.required_string("path");
    model.path = resolve_model(context, reference, *reader.find("path"));
    engine::SchedulerOptions& scheduler = model.scheduler;
    reader.read<std::uint32_t>("slots", scheduler.slots, 1, 1024);
    reader.read<std::uint32_t>("context", scheduler.context_length, 0, 1u << 20);
    reader.read<unsigned>("threads", scheduler.threads, 0, 1024);
    reader.read<std::uint32_t>("batch", scheduler.batch_size, 1, 1u << 16);
    reader.read<std::size_t>("max_waiting", scheduler.max_waiting, 0, 1'000'000);
    read_kv_type(reader, scheduler.kv_cache_type);
    reader.read("batch_invariance", scheduler.batch_invariant);
    reader.finish();
    models.push_back(std::move(model));
  }
  if (models.empty()) {
    fail_at(root.table().source(), "no [[models]]: at least one local model is required");
  }
}

}  // namespace hearth::config::detail
