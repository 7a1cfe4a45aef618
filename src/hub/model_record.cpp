#include "hearth/hub/model_record.h"

#include <chrono>
#include <cstddef>
#include <ctime>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <span>

#include "hearth/util/atomic_file.h"
#include "hearth/util/error.h"

namespace hearth::hub {

std::filesystem::path record_path(const std::filesystem::path& model_path) {
  std::filesystem::path path = model_path;
  path += ".json";
  return path;
}

std::optional<ModelRecord> read_model_record(const std::filesystem::path& model_path) {
  const std::filesystem::path path = record_path(model_path);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) raise(ErrorKind::io, "cannot open {}", path.string());
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) raise(ErrorKind::io, "cannot read {}", path.string());

  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  const auto string_field = [&](const char* name) {
    const auto field = json.is_object() ? json.find(name) : json.end();
    if (field == json.end() || !field->is_string()) {
      raise(ErrorKind::invalid_data, "{} is not a model record: no \"{}\" text", path.string(),
            name);
    }
    return field->get<std::string>();
  };
  ModelRecord record;
  record.repo = string_field("repo");
  record.file = string_field("file");
  record.revision = string_field("revision");
  record.sha256 = string_field("sha256");
  record.downloaded_at = string_field("downloaded_at");
  const auto size = json.find("size");
  if (size == json.end() || !size->is_number_unsigned()) {
    raise(ErrorKind::invalid_data, "{} is not a model record: no \"size\" number", path.string());
  }
  record.size = size->get<std::uint64_t>();
  // Absent in records written before the field existed: those were verified.
  const auto verified = json.find("verified_by_hub");
  if (verified != json.end() && !verified->is_boolean()) {
    raise(ErrorKind::invalid_data,
          "{} is not a model record: \"verified_by_hub\" is not true or false", path.string());
  }
  record.verified_by_hub = verified == json.end() || verified->get<bool>();
  return record;
}

void write_model_record(const std::filesystem::path& model_path, const ModelRecord& record) {
  const nlohmann::ordered_json json = {
      {"repo", record.repo},
      {"file", record.file},
      {"revision", record.revision},
      {"sha256", record.sha256},
      {"size", record.size},
      {"downloaded_at", record.downloaded_at},
      {"verified_by_hub", record.verified_by_hub},
  };
  const std::string text = json.dump(2) + "\n";
  AtomicFile file(record_path(model_path));
  file.append(std::as_bytes(std::span(text)));
  file.commit();
}

std::string utc_timestamp_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char text[32] = {};
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace hearth::hub
