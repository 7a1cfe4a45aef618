// hearth_train_names: regenerates the name tagger's model file from the word
// lists and templates in data/privacy/names. Deterministic for a given seed:
// the same inputs give the same bytes. Prints held-out scores for the README.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "../name_recognizer.h"
#include "../tagger_model.h"
#include "example_generator.h"
#include "fmt/format.h"
#include "hearth/util/error.h"
#include "perceptron_trainer.h"
#include "span_scoring.h"
#include "word_lists.h"

namespace {

using namespace hearth::privacy;
using namespace hearth::privacy::names::training;

int run(const std::string& data_dir, const std::string& output, std::size_t example_count,
        std::size_t held_out_count, const TrainingOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const WordLists all = load_word_lists(data_dir);
  const WordLists train_lists = select_split(all, Split::training);
  const WordLists held_lists = select_split(all, Split::held_out);

  const std::vector<LabeledText> examples =
      ExampleGenerator(train_lists, options.seed).generate(example_count);
  const std::vector<LabeledText> held_out =
      ExampleGenerator(held_lists, options.seed + 1).generate(held_out_count);
  fmt::print("generated {} training and {} held-out texts\n", examples.size(), held_out.size());

  names::TaggerModel model = train_tagger(
      examples, gazetteer_entries(train_lists), options, [](std::size_t epoch, double error) {
        fmt::print("epoch {}: {:.4f} of tokens tagged wrong\n", epoch, error);
        std::fflush(stdout);
      });
  const double training_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const NameRecognizer unseen = NameRecognizer::from_bytes(names::serialize_model(model));
  fmt::print("\nheld-out names and templates, names in no gazetteer:\n{}",
             score_recognizer(unseen, held_out).table());

  model.gazetteer = gazetteer_entries(all);
  const std::vector<std::uint8_t> bytes = names::serialize_model(model);
  const NameRecognizer shipped = NameRecognizer::from_bytes(bytes);
  fmt::print("\nheld-out names and templates, shipped model (full gazetteer):\n{}",
             score_recognizer(shipped, held_out).table());

  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) hearth::raise(hearth::ErrorKind::io, "cannot write {}", output);
  fmt::print("\nwrote {} ({} bytes, {} features, {} gazetteer entries); trained in {:.1f} s\n",
             output, bytes.size(), model.feature_hashes.size(), model.gazetteer.size(),
             training_seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Trains the name tagger of the privacy module");
  std::string data_dir = "data/privacy/names";
  std::string output = "data/privacy/names/name_tagger.bin";
  std::size_t example_count = 60000;
  std::size_t held_out_count = 4000;
  TrainingOptions options;
  options.seed = 20240611;
  app.add_option("--data", data_dir, "folder with the word lists and templates");
  app.add_option("--out", output, "model file to write");
  app.add_option("--examples", example_count, "generated training texts");
  app.add_option("--held-out", held_out_count, "generated evaluation texts");
  app.add_option("--epochs", options.epochs, "passes over the training texts");
  app.add_option("--seed", options.seed, "seed of the generator and the shuffling");
  CLI11_PARSE(app, argc, argv);
  try {
    return run(data_dir, output, example_count, held_out_count, options);
  } catch (const hearth::Error& error) {
    fmt::print(stderr, "hearth_train_names: {}\n", error.what());
    return 1;
  }
}
