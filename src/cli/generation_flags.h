// The command-line options `hearth run` and `hearth chat` share: which model,
// how the session is set up, how tokens are sampled, and the statistics
// printed after a generation.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hearth/engine/generate.h"
#include "hearth/engine/session.h"

namespace hearth::cli {

struct SessionFlags {
  std::string model;
  int threads = 0;  // 0: default_thread_count()
  std::uint32_t context_length = 0;
  std::string kv_cache_type = "f16";
  std::optional<std::string> memory_budget;  // checked by parse_byte_size
  std::uint32_t batch_size = 512;
};

// -m, --threads, --ctx, --kv-type, --mem-budget, --batch. Out-of-range values
// are usage errors.
void add_session_flags(CLI::App& app, SessionFlags& flags);
engine::SessionOptions session_options(const SessionFlags& flags);

struct GenerationFlags {
  std::int32_t max_tokens = 256;
  sampling::SamplingParams sampling;
  // Unset: a random seed, so that two runs at a temperature above 0 differ.
  std::optional<std::uint64_t> seed;
  std::vector<std::string> stop;
  bool ignore_eos = false;
  bool stats = false;
  bool verbose = false;
};

// -n, --temp, --top-k, --top-p, --min-p, --repeat-penalty, --repeat-last-n,
// --frequency-penalty, --presence-penalty, --seed, --stop, --ignore-eos,
// --stats, --verbose. Sampling parameters the sampler would refuse are usage
// errors.
void add_generation_flags(CLI::App& app, GenerationFlags& flags);
// With the seed drawn when none was given (the same for every call).
engine::GenerationOptions generation_options(GenerationFlags& flags);

// --verbose: what was loaded and how the session is set up, on stderr.
void print_session_summary(const engine::Session& session, const GenerationFlags& flags);
// --stats / --verbose: prompt and generation speed and the finish reason, on stderr.
void print_generation_stats(const engine::GenerationResult& result);

// Writes a chunk of generated text to stdout at once, so a reader of a pipe
// sees it as it is produced.
void write_streamed(std::string_view text);

}  // namespace hearth::cli
