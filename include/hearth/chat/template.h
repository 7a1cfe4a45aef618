// Jinja chat templates, rendered byte for byte as Hugging Face transformers
// renders them.
//
// Models ship their prompt format as a Jinja template (tokenizer.chat_template
// in GGUF metadata) written for Python's jinja2 in the environment transformers
// builds for apply_chat_template: an ImmutableSandboxedEnvironment with
// trim_blocks and lstrip_blocks, the loopcontrols extension ({% break %},
// {% continue %}) and {% generation %}, the globals raise_exception() and
// strftime_now(), and a tojson filter that is json.dumps(ensure_ascii=False).
// Template implements that language and environment; values print as Python
// prints them (None, True, 1.0, ['a']), and undefined names behave like
// jinja2's default Undefined (empty when printed, false when tested, an error
// when an attribute or item of one is taken).
//
// Where hearth differs from jinja2 (none of which a chat template relies on):
// - no template inheritance or loading (extends, include, import, block) and
//   no recursive loops: parse() refuses them;
// - integers are 64-bit and dict keys strings: what needs more is refused
//   with Error(unsupported) instead of computed;
// - escape and safe work on plain strings (no Markup type);
// - printing an iterator (the result of map, select...) omits the object's
//   address, and dict.items(), keys() and values() print as lists.
#pragma once

#include <cstddef>
#include <ctime>
#include <functional>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::chat {

namespace jinja {
struct Statement;
}  // namespace jinja

// Bounds on one render, so that a hostile template fails with
// Error(resource_exhausted) instead of exhausting memory, stack or time.
struct RenderLimits {
  // The rendered text, and any one string or printed value.
  std::size_t max_output_bytes = std::size_t{16} << 20;
  // Items in any one list the template builds.
  std::size_t max_list_items = std::size_t{1} << 20;
  // Loop iterations and macro calls, together.
  std::size_t max_steps = std::size_t{1} << 20;
  // Macro calls in progress at once.
  std::size_t max_call_depth = 64;
  // Bytes of every string computed and items of every list scanned, together:
  // bounds the time spent even when little output is written.
  std::size_t max_work = std::size_t{1} << 30;
};

// Local wall-clock time, which strftime_now() formats.
struct LocalTime {
  std::tm calendar{};
  int microsecond = 0;
};
using LocalClock = std::function<LocalTime()>;

struct RenderOptions {
  RenderLimits limits;
  // Empty: the system clock, in the local time zone (what transformers'
  // datetime.now() reads).
  LocalClock clock;
};

class Template {
 public:
  // Throws Error(invalid_data) "template line N: ..." for a syntax error (an
  // unknown filter or test outside an if counts, as in jinja2), or
  // Error(unsupported) for a construct listed above as not implemented.
  static Template parse(std::string_view source);

  // Renders with `context` (a JSON object) as the template's variables.
  // Throws Error(invalid_argument) "template line N: <message>" when the
  // template calls raise_exception(message) or fails while rendering (adds a
  // string to a number, takes an attribute of an undefined value...),
  // Error(resource_exhausted) when a limit is reached, and
  // Error(invalid_argument) when `context` is not an object. Safe to call from
  // several threads at once.
  std::string render(const nlohmann::ordered_json& context,
                     const RenderOptions& options = {}) const;

 private:
  explicit Template(std::shared_ptr<const std::vector<jinja::Statement>> body);

  std::shared_ptr<const std::vector<jinja::Statement>> body_;
};

}  // namespace hearth::chat
