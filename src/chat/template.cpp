#include "hearth/chat/template.h"

#include <nlohmann/json.hpp>

#include "ast.h"
#include "hearth/util/error.h"
#include "interpreter.h"
#include "json_values.h"
#include "parser.h"
#include "unicode.h"

namespace hearth::chat {

Template::Template(std::shared_ptr<const std::vector<jinja::Statement>> body)
    : body_(std::move(body)) {}

Template Template::parse(std::string_view source) {
  if (!jinja::is_valid_utf8(source)) raise(ErrorKind::invalid_data, "template is not valid UTF-8");
  return Template(std::make_shared<const jinja::Body>(jinja::parse_template(source)));
}

std::string Template::render(const nlohmann::ordered_json& context,
                             const RenderOptions& options) const {
  if (!context.is_object()) {
    raise(ErrorKind::invalid_argument, "template context must be a JSON object, not {}",
          context.type_name());
  }
  const jinja::Value variables = jinja::value_from_json(context);
  jinja::Interpreter interpreter(options);
  return interpreter.render(*body_, variables.as_dict());
}

}  // namespace hearth::chat
