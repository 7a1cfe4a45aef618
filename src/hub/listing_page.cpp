#include "listing_page.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "hearth/util/error.h"

namespace hearth::hub::detail {
namespace {

bool is_sha256_hex(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c));
         });
}

// A string member of `object`, or "" when absent or of another type
// (json::value() would throw a type error for the latter).
std::string string_member(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void parse_listing_page(const std::string& body, const std::string& url,
                        std::vector<RepoFile>& files) {
  const nlohmann::json listing = nlohmann::json::parse(body, nullptr, false);
  if (!listing.is_array()) {
    raise(ErrorKind::invalid_data, "the file listing from {} is not a JSON array", url);
  }
  for (const nlohmann::json& entry : listing) {
    if (!entry.is_object() || string_member(entry, "type") != "file") continue;
    const auto path = entry.find("path");
    const auto size = entry.find("size");
    if (path == entry.end() || !path->is_string() || size == entry.end() ||
        !size->is_number_unsigned()) {
      raise(ErrorKind::invalid_data, "the file listing from {} has an entry without path or size",
            url);
    }
    RepoFile file;
    file.path = path->get<std::string>();
    file.size = size->get<std::uint64_t>();
    if (const auto lfs = entry.find("lfs"); lfs != entry.end() && lfs->is_object()) {
      const std::string oid = string_member(*lfs, "oid");
      if (!is_sha256_hex(oid)) {
        raise(ErrorKind::invalid_data,
              "the file listing from {} gives {} an LFS oid that is not "
              "a SHA-256: '{}'",
              url, file.path, oid);
      }
      std::string lower = oid;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      file.sha256 = std::move(lower);
    }
    files.push_back(std::move(file));
  }
}

}  // namespace hearth::hub::detail
