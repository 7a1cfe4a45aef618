// Writes the model-loader fuzzer's seed corpus: the smallest models of each
// family and a few weight formats that load and run, so the fuzzer starts
// from inputs that reach the forward pass.
//
//   make_model_corpus fuzz/corpus/model
#include <cstdio>
#include <filesystem>
#include <string>

#include "hearth/gguf/writer.h"
#include "hearth/model/synthetic_model.h"
#include "hearth/util/error.h"

namespace {

using namespace hearth;

void write_vocabulary(const std::filesystem::path& path) {
  gguf::Writer writer;
  gguf::Metadata& metadata = writer.metadata();
  metadata.set("tokenizer.ggml.model", std::string("gpt2"));
  metadata.set("tokenizer.ggml.pre", std::string("qwen2"));
  gguf::Array tokens{gguf::ValueType::string, {}};
  for (const char* token : {"a", "b", "c", "d", "e", "f", "g", "h"}) {
    tokens.items.emplace_back(std::string(token));
  }
  metadata.set("tokenizer.ggml.tokens", std::move(tokens));
  writer.write(path);
}

model::Hyperparameters shape(model::Architecture architecture) {
  model::Hyperparameters hp;
  hp.architecture = architecture;
  hp.context_length = 64;
  hp.n_embd = 32;
  hp.n_layer = 1;
  hp.n_head = 2;
  hp.n_head_kv = 1;
  hp.head_dim = architecture == model::Architecture::qwen3 ? 32 : 16;
  hp.rope_dimension_count = hp.head_dim;
  hp.n_ff = 32;
  hp.tied_embeddings = architecture != model::Architecture::llama;
  return hp;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_model_corpus FOLDER\n");
    return 2;
  }
  const std::filesystem::path folder = argv[1];
  std::filesystem::create_directories(folder);
  const std::filesystem::path vocabulary = folder / "vocabulary.tmp";
  write_vocabulary(vocabulary);
  for (model::Architecture architecture :
       {model::Architecture::llama, model::Architecture::qwen2, model::Architecture::qwen3}) {
    for (model::WeightFormat format : {model::WeightFormat::q8_0, model::WeightFormat::q4_0}) {
      model::SyntheticModelSpec spec;
      spec.hyperparameters = shape(architecture);
      spec.vocab_from_tokenizer = true;
      spec.vocabulary = vocabulary;
      spec.weight_format = format;
      if (architecture == model::Architecture::llama) {
        spec.llama3_rope_scaling = model::Llama3RopeScaling{8.0f, 1.0f, 4.0f, 32};
      }
      const std::string name = std::string(model::architecture_name(architecture)) + "-" +
                               std::string(model::weight_format_name(format)) + ".gguf";
      model::write_synthetic_model(spec, folder / name);
    }
  }
  std::filesystem::remove(vocabulary);
  return 0;
}
