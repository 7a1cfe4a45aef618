// Runs a parsed template: statements write output, expressions compute
// values, with jinja2's scoping.
//
// Scoping follows jinja2: a for loop gives each iteration a fresh scope (so a
// {% set %} inside a loop is gone after it, and the next iteration sees the
// outer value again), as do macros, call blocks, with and filter blocks; if
// does not. Macros see the variables of the scope they were defined in at
// the time they are called.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "arguments.h"
#include "ast.h"
#include "hearth/chat/template.h"
#include "render_budget.h"
#include "scope.h"
#include "value.h"

namespace hearth::chat::jinja {

class MacroFunction;

class Interpreter {
 public:
  explicit Interpreter(const RenderOptions& options);
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;
  ~Interpreter();

  // Renders `body` with `variables` on top of the globals.
  std::string render(const Body& body, const Dict& variables);

  RenderBudget& budget() noexcept { return budget_; }
  const RenderOptions& options() const noexcept { return options_; }

  // Calls anything callable; raises for an undefined or uncallable `callee`.
  Value call(const Value& callee, Arguments arguments);
  Value apply_filter(std::string_view name, const Value& subject, const Arguments& arguments);
  bool apply_test(std::string_view name, const Value& subject, const Arguments& arguments);
  Value call_macro(const MacroFunction& macro, Arguments arguments);

  // A namespace made during this render: its attributes are cleared at the
  // end, which frees it even when it holds itself.
  void adopt_namespace(const std::shared_ptr<Namespace>& object);

 private:
  enum class Flow { normal, break_loop, continue_loop };

  // Swaps the current scope for the lifetime of the guard.
  class ScopeGuard;
  // Sends output to a string of its own for the lifetime of the guard.
  class CaptureGuard;

  Flow execute(const Body& body);
  Flow execute(const Statement& statement);
  Flow execute_if(const IfStatement& statement);
  Flow execute_for(const ForStatement& statement);
  void execute_set(const SetTarget& target, Value value);
  Flow execute_set_block(const SetBlockStatement& statement);
  void execute_macro_definition(const MacroDefinition& definition);
  void execute_call_block(const CallBlockStatement& statement);
  Flow execute_filter_block(const FilterBlockStatement& statement);
  // Renders `body` in a scope of its own into a string and passes it through
  // `filters`: what set blocks assign and filter blocks print. A break or
  // continue inside leaves `result` untouched and is returned.
  Flow render_filtered_body(const Body& body, const std::vector<FilterApplication>& filters,
                            Value& result);
  // Macros and call blocks close over the current scope; it must outlive them.
  void keep_closure_scope();
  Flow execute_with(const WithStatement& statement);
  void assign(const AssignTarget& target, const Value& value, Scope& scope);
  void write(std::string_view text);

  Value evaluate(const Expression& expression);
  Value evaluate_node(const Expression& expression);
  Value evaluate_call(const Call& call);
  Value evaluate_filter(const FilterCall& filter);
  Value evaluate_test(const TestCall& test);
  Value evaluate_comparison(const Comparison& comparison);
  Value evaluate_dict(const DictLiteral& dict);
  Arguments evaluate_arguments(const CallArguments& arguments);
  Value apply_filter(const FilterApplication& filter, const Value& subject);

  const RenderOptions& options_;
  RenderBudget budget_;
  std::shared_ptr<Scope> scope_;
  // What is being written: the render's text, and above it the text of each
  // macro call or block whose output is captured.
  std::vector<std::string> outputs_;
  // Scopes a macro closed over, and namespaces: cleared at the end to break
  // the reference cycles a macro stored in its own scope makes.
  std::vector<std::shared_ptr<Scope>> closure_scopes_;
  std::vector<std::shared_ptr<Namespace>> namespaces_;
};

// A macro, or the body of a call block as `caller`, closed over the scope it
// was defined in.
class MacroFunction final : public Callable {
 public:
  MacroFunction(const MacroDefinition& definition, std::shared_ptr<Scope> closure)
      : definition_(definition), closure_(std::move(closure)) {}

  Value call(Interpreter& interpreter, Arguments arguments) const override {
    return interpreter.call_macro(*this, std::move(arguments));
  }
  std::string description() const override { return "<Macro '" + definition_.name + "'>"; }

  const MacroDefinition& definition() const noexcept { return definition_; }
  const std::shared_ptr<Scope>& closure() const noexcept { return closure_; }

 private:
  const MacroDefinition& definition_;
  std::shared_ptr<Scope> closure_;
};

}  // namespace hearth::chat::jinja
