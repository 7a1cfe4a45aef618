// `hearth tokenize -m FILE.gguf TEXT`: the token ids a model sees for a text.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hearth/gguf/file.h"
#include "hearth/tokenizer/tokenizer.h"
#include "model_argument.h"
#include "read_input.h"
#include "subcommand.h"

namespace hearth::cli {
namespace {

struct TokenizeOptions {
  std::string model;
  std::optional<std::string> text;
  bool ids_only = false;
  bool pieces_only = false;
  bool no_bos = false;
  bool parse_special = false;
};

int run_tokenize(const TokenizeOptions& options) {
  const gguf::File file = gguf::File::open(options.model);
  const tokenizer::Tokenizer tokenizer = tokenizer::Tokenizer::from_file(file);
  const std::string text = text_argument_or_stdin(options.text);

  tokenizer::EncodeOptions encode_options;
  encode_options.add_special = !options.no_bos;
  encode_options.parse_special = options.parse_special;
  const std::vector<tokenizer::TokenId> ids = tokenizer.encode(text, encode_options);

  if (options.ids_only) {
    fmt::print("{}\n", fmt::join(ids, " "));
  } else if (options.pieces_only) {
    std::vector<std::string> pieces;
    pieces.reserve(ids.size());
    for (tokenizer::TokenId id : ids) {
      pieces.push_back(fmt::format("{:?}", tokenizer.token_to_bytes(id)));
    }
    fmt::print("{}\n", fmt::join(pieces, " "));
  } else {
    for (tokenizer::TokenId id : ids) {
      fmt::print("{:>8} {:?}\n", id, tokenizer.token_to_bytes(id));
    }
  }
  return kExitOk;
}

}  // namespace

Subcommand add_tokenize_command(CLI::App& parent) {
  auto options = std::make_shared<TokenizeOptions>();
  CLI::App* app = parent.add_subcommand(
      "tokenize", "Print the tokens a model's tokenizer makes of a text (from TEXT or stdin)");
  add_model_option(*app, options->model, "A .gguf model or vocabulary file");
  app->add_option("text", options->text, "The text; '-' or nothing reads standard input");
  auto* ids = app->add_flag("--ids", options->ids_only, "Print only the ids, space-separated");
  app->add_flag("--pieces", options->pieces_only, "Print only the pieces, quoted")->excludes(ids);
  app->add_flag("--no-bos", options->no_bos, "Add no BOS/EOS even where the model asks for them");
  app->add_flag("--parse-special", options->parse_special,
                "Turn special-token text such as <|im_start|> into its token");
  return {app, [options] { return run_tokenize(*options); }};
}

}  // namespace hearth::cli
