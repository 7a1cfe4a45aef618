#include "vocab_fixtures.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "test_paths.h"

namespace hearth::tokenizer::fixtures {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream contents;
  contents << stream.rdbuf();
  return contents.str();
}

}  // namespace

const Tokenizer& shared_tokenizer(std::string_view family) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<Tokenizer>, std::less<>> loaded;
  const std::scoped_lock lock(mutex);
  auto found = loaded.find(family);
  if (found == loaded.end()) {
    const gguf::File file = gguf::File::open(hearth::testing::vocab_path(family));
    found =
        loaded.emplace(std::string(family), std::make_unique<Tokenizer>(Tokenizer::from_file(file)))
            .first;
  }
  return *found->second;
}

std::vector<GoldenCase> golden_cases(std::string_view family) {
  const std::filesystem::path vocab = hearth::testing::vocab_path(family);
  const std::string inputs = read_file(vocab.string() + ".inp");
  std::istringstream outputs(read_file(vocab.string() + ".out"));

  constexpr std::string_view kSeparator = "\n__ggml_vocab_test__\n";
  std::vector<GoldenCase> cases;
  for (std::size_t start = 0; start < inputs.size();) {
    const std::size_t end = std::min(inputs.find(kSeparator, start), inputs.size());
    cases.push_back({inputs.substr(start, end - start), {}});
    start = end + kSeparator.size();
  }
  std::string line;
  for (GoldenCase& golden : cases) {
    if (!std::getline(outputs, line)) {
      throw std::runtime_error(
          fmt::format("{}.out has fewer lines than {} test strings", vocab.string(), cases.size()));
    }
    std::istringstream ids(line);
    for (TokenId id = 0; ids >> id;) golden.ids.push_back(id);
  }
  if (std::getline(outputs, line) && !line.empty()) {
    throw std::runtime_error(vocab.string() + ".out has more lines than test strings");
  }
  return cases;
}

std::string family_test_name(const ::testing::TestParamInfo<std::string_view>& info) {
  std::string name(info.param);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

std::string printable(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7F) {
      out += fmt::format("\\x{:02X}", byte);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace hearth::tokenizer::fixtures
