#include "hearth/model/synthetic_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <limits>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/model/metadata_keys.h"
#include "hearth/model/tensor_layout.h"
#include "hearth/model/tensor_type_plan.h"
#include "hearth/model/tokenizer_metadata.h"
#include "hearth/tensor/quantize.h"
#include "hearth/util/error.h"
#include "random_stream.h"

namespace hearth::model {
namespace {

// ggml's current block layouts (GGML_QNT_VERSION).
constexpr std::uint32_t kQuantizationVersion = 2;

// Work is cut into chunks of whole rows of about this many values. The chunk
// boundaries, not the threads, decide which random stream fills which values,
// so the bytes do not depend on the thread count.
constexpr std::uint64_t kChunkElements = std::uint64_t{1} << 16;

struct Distribution {
  double mean;
  double stddev;
};

// The initialisation of a fresh checkpoint (initializer_range 0.02 in the Qwen
// and Llama configs, norm weights at one), which keeps the activations of a
// random model in a sane range through many layers.
Distribution distribution_for(TensorRole role) noexcept {
  switch (role) {
    case TensorRole::output_norm:
    case TensorRole::attention_norm:
    case TensorRole::attention_q_norm:
    case TensorRole::attention_k_norm:
    case TensorRole::ffn_norm:
      return {1.0, 0.02};
    default:
      return {0.0, 0.02};
  }
}

struct TensorJob {
  const TensorSpec* spec;
  tensor::TensorType type;
  Distribution distribution;
  std::uint64_t seed;
  std::uint64_t row_length;
  std::uint64_t row_bytes;
  std::uint64_t rows_per_chunk;
  std::vector<std::byte> data;
};

struct Chunk {
  std::size_t job;
  std::uint64_t index;  // within its tensor
  std::uint64_t first_row;
  std::uint64_t row_count;
};

std::vector<TensorJob> plan_jobs(std::span<const TensorSpec> layout, WeightFormat format,
                                 std::uint32_t layer_count, std::uint64_t seed) {
  const std::vector<tensor::TensorType> types = plan_tensor_types(layout, format, layer_count);
  std::vector<TensorJob> jobs;
  jobs.reserve(layout.size());
  for (std::size_t i = 0; i < layout.size(); ++i) {
    const TensorSpec& spec = layout[i];
    const std::uint64_t row_length = spec.shape[0];
    const std::optional<std::uint64_t> row_bytes = tensor::bytes_for_elements(types[i], row_length);
    const std::optional<std::uint64_t> bytes =
        tensor::bytes_for_elements(types[i], spec.element_count());
    if (!row_bytes || !bytes) {
      raise(ErrorKind::internal, "tensor '{}' of row length {} cannot be stored as {}", spec.name,
            row_length, tensor::type_name(types[i]));
    }
    jobs.push_back({&spec, types[i], distribution_for(spec.role),
                    derive_seed(seed, stable_hash(spec.name)), row_length, *row_bytes,
                    std::max<std::uint64_t>(1, kChunkElements / row_length),
                    std::vector<std::byte>(*bytes)});
  }
  return jobs;
}

std::vector<Chunk> cut_into_chunks(const std::vector<TensorJob>& jobs) {
  std::vector<Chunk> chunks;
  for (std::size_t job = 0; job < jobs.size(); ++job) {
    const std::uint64_t rows = jobs[job].spec->element_count() / jobs[job].row_length;
    std::uint64_t index = 0;
    for (std::uint64_t first = 0; first < rows; first += jobs[job].rows_per_chunk, ++index) {
      chunks.push_back({job, index, first, std::min(jobs[job].rows_per_chunk, rows - first)});
    }
  }
  return chunks;
}

void fill_chunk(TensorJob& job, const Chunk& chunk, std::vector<float>& values) {
  values.resize(chunk.row_count * job.row_length);
  RandomStream random(derive_seed(job.seed, chunk.index));
  for (float& value : values) {
    value = static_cast<float>(job.distribution.mean + job.distribution.stddev * random.normal());
  }
  const std::span<std::byte> destination(job.data.data() + chunk.first_row * job.row_bytes,
                                         chunk.row_count * job.row_bytes);
  tensor::quantize(job.type, values, destination);
}

// Rows are independent, so every chunk of every tensor is one work item for a
// pool of threads; the first error stops the others and is rethrown here.
void fill_in_parallel(std::vector<TensorJob>& jobs, unsigned requested_threads) {
  const std::vector<Chunk> chunks = cut_into_chunks(jobs);
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t thread_count =
      std::min<std::size_t>(requested_threads == 0 ? hardware : requested_threads,
                            std::max<std::size_t>(1, chunks.size()));

  std::atomic<std::size_t> next_chunk{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&] {
    std::vector<float> values;
    try {
      for (std::size_t i = next_chunk++; i < chunks.size() && !failed; i = next_chunk++) {
        fill_chunk(jobs[chunks[i].job], chunks[i], values);
      }
    } catch (...) {
      const std::lock_guard lock(error_mutex);
      if (!first_error) first_error = std::current_exception();
      failed = true;
    }
  };
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(thread_count - 1);
    for (std::size_t i = 1; i < thread_count; ++i) helpers.emplace_back(work);
    work();
  }
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace

SyntheticModelSpec make_synthetic_spec(const ModelPreset& preset,
                                       std::filesystem::path vocabulary) {
  SyntheticModelSpec spec;
  spec.name = fmt::format("synthetic {}", preset.name);
  spec.hyperparameters = preset.hyperparameters;
  spec.vocab_from_tokenizer = preset.vocab_from_tokenizer;
  spec.vocabulary = std::move(vocabulary);
  spec.llama3_rope_scaling = preset.llama3_rope_scaling;
  return spec;
}

gguf::Writer build_synthetic_model(const SyntheticModelSpec& spec) {
  const gguf::File vocabulary = gguf::File::open(spec.vocabulary);
  const std::optional<std::uint64_t> token_count = tokenizer_token_count(vocabulary.metadata());
  if (!token_count) {
    raise(ErrorKind::invalid_data, "vocabulary '{}' has no token list ('{}')",
          spec.vocabulary.string(), keys::tokenizer_tokens);
  }

  Hyperparameters hp = spec.hyperparameters;
  if (spec.vocab_from_tokenizer) {
    if (*token_count > std::numeric_limits<std::uint32_t>::max()) {
      raise(ErrorKind::invalid_data, "vocabulary '{}' has too many tokens ({})",
            spec.vocabulary.string(), *token_count);
    }
    hp.n_vocab = static_cast<std::uint32_t>(*token_count);
  }
  hp.rope_frequency_factors = spec.llama3_rope_scaling.has_value();
  if (std::optional<std::string> problem = find_inconsistency(hp)) {
    raise(ErrorKind::invalid_argument, "invalid hyperparameters: {}", *problem);
  }

  gguf::Writer writer;
  gguf::Metadata& metadata = writer.metadata();
  metadata.set(std::string(keys::general_architecture),
               std::string(architecture_name(hp.architecture)));
  metadata.set(std::string(keys::general_name), spec.name);
  write_hyperparameters(hp, metadata);
  metadata.set(std::string(keys::general_file_type),
               static_cast<std::uint32_t>(file_type_of(spec.weight_format)));
  metadata.set(std::string(keys::general_quantization_version), kQuantizationVersion);
  copy_tokenizer_metadata(vocabulary.metadata(), hp.n_vocab, metadata);

  const std::vector<TensorSpec> layout = tensor_layout(hp);
  std::vector<TensorJob> jobs = plan_jobs(layout, spec.weight_format, hp.n_layer, spec.seed);
  fill_in_parallel(jobs, spec.threads);
  if (spec.llama3_rope_scaling) {
    const std::vector<float> factors = llama3_rope_frequency_factors(
        *spec.llama3_rope_scaling, hp.rope_dimension_count, hp.rope_freq_base);
    for (TensorJob& job : jobs) {
      if (job.spec->role != TensorRole::rope_frequencies) continue;
      tensor::quantize(tensor::TensorType::f32, factors, job.data);
    }
  }
  for (TensorJob& job : jobs) {
    writer.add_tensor(job.spec->name, job.spec->shape, job.type, std::move(job.data));
  }
  return writer;
}

void write_synthetic_model(const SyntheticModelSpec& spec, const std::filesystem::path& path) {
  build_synthetic_model(spec).write(path);
}

}  // namespace hearth::model
