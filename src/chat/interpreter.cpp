// The statements: output, control flow, assignments, macros and blocks.
#include "interpreter.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <type_traits>

#include "filters.h"
#include "globals.h"
#include "hearth/util/error.h"
#include "is_tests.h"
#include "iteration.h"
#include "located_error.h"
#include "python_text.h"

namespace hearth::chat::jinja {

class Interpreter::ScopeGuard {
 public:
  ScopeGuard(Interpreter& interpreter, std::shared_ptr<Scope> scope)
      : interpreter_(interpreter), saved_(std::move(interpreter.scope_)) {
    interpreter_.scope_ = std::move(scope);
  }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;
  ~ScopeGuard() { interpreter_.scope_ = std::move(saved_); }

 private:
  Interpreter& interpreter_;
  std::shared_ptr<Scope> saved_;
};

class Interpreter::CaptureGuard {
 public:
  explicit CaptureGuard(Interpreter& interpreter) : interpreter_(interpreter) {
    interpreter_.outputs_.emplace_back();
  }
  CaptureGuard(const CaptureGuard&) = delete;
  CaptureGuard& operator=(const CaptureGuard&) = delete;
  ~CaptureGuard() { interpreter_.outputs_.pop_back(); }

  std::string take() { return std::move(interpreter_.outputs_.back()); }

 private:
  Interpreter& interpreter_;
};

namespace {

// Adds one to the macro call depth for the lifetime of the guard.
class CallDepthGuard {
 public:
  explicit CallDepthGuard(RenderBudget& budget) : budget_(budget) { budget_.enter_call(); }
  CallDepthGuard(const CallDepthGuard&) = delete;
  CallDepthGuard& operator=(const CallDepthGuard&) = delete;
  ~CallDepthGuard() { budget_.leave_call(); }

 private:
  RenderBudget& budget_;
};

std::shared_ptr<Scope> child_of(const std::shared_ptr<Scope>& parent) {
  return std::make_shared<Scope>(parent);
}

}  // namespace

Interpreter::Interpreter(const RenderOptions& options)
    : options_(options), budget_(options.limits) {}

Interpreter::~Interpreter() {
  for (const auto& scope : closure_scopes_) scope->clear();
  for (const auto& object : namespaces_) object->attributes = Dict();
}

std::string Interpreter::render(const Body& body, const Dict& variables) {
  auto globals = std::make_shared<Scope>();
  install_globals(*globals);
  auto root = child_of(globals);
  for (const auto& [name, value] : variables.entries()) root->set(name, value);
  ScopeGuard scope(*this, std::move(root));
  CaptureGuard capture(*this);
  execute(body);
  return capture.take();
}

void Interpreter::adopt_namespace(const std::shared_ptr<Namespace>& object) {
  namespaces_.push_back(object);
}

Value Interpreter::call(const Value& callee, Arguments arguments) {
  if (callee.is_undefined()) callee.raise_undefined();
  if (!callee.is_callable()) {
    raise(ErrorKind::invalid_argument, "'{}' object is not callable", callee.type_name());
  }
  return callee.as_callable().call(*this, std::move(arguments));
}

Value Interpreter::apply_filter(std::string_view name, const Value& subject,
                                const Arguments& arguments) {
  const FilterFunction filter = find_filter(name);
  if (filter == nullptr) raise(ErrorKind::invalid_argument, "No filter named '{}' found.", name);
  return filter(*this, subject, arguments);
}

bool Interpreter::apply_test(std::string_view name, const Value& subject,
                             const Arguments& arguments) {
  const TestFunction test = find_test(name);
  if (test == nullptr) raise(ErrorKind::invalid_argument, "No test named '{}' found.", name);
  return test(*this, subject, arguments);
}

void Interpreter::write(std::string_view text) {
  std::string& output = outputs_.back();
  if (text.size() > options_.limits.max_output_bytes -
                        std::min(output.size(), options_.limits.max_output_bytes)) {
    raise(ErrorKind::resource_exhausted, "the rendered text is over {} bytes",
          options_.limits.max_output_bytes);
  }
  budget_.charge_work(text.size());
  output.append(text);
}

Interpreter::Flow Interpreter::execute(const Body& body) {
  for (const Statement& statement : body) {
    const Flow flow = execute(statement);
    if (flow != Flow::normal) return flow;
  }
  return Flow::normal;
}

Interpreter::Flow Interpreter::execute(const Statement& statement) {
  try {
    return std::visit(
        [&](const auto& node) -> Flow {
          using Node = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<Node, TextOutput>) {
            write(node.text);
          } else if constexpr (std::is_same_v<Node, ValueOutput>) {
            const Value value = evaluate(*node.value);
            if (value.is_string()) {
              write(value.as_string());
            } else {
              write(to_str(value, options_.limits.max_output_bytes));
            }
          } else if constexpr (std::is_same_v<Node, IfStatement>) {
            return execute_if(node);
          } else if constexpr (std::is_same_v<Node, ForStatement>) {
            return execute_for(node);
          } else if constexpr (std::is_same_v<Node, SetStatement>) {
            execute_set(node.target, evaluate(*node.value));
          } else if constexpr (std::is_same_v<Node, SetBlockStatement>) {
            return execute_set_block(node);
          } else if constexpr (std::is_same_v<Node, MacroDefinition>) {
            execute_macro_definition(node);
          } else if constexpr (std::is_same_v<Node, CallBlockStatement>) {
            execute_call_block(node);
          } else if constexpr (std::is_same_v<Node, FilterBlockStatement>) {
            return execute_filter_block(node);
          } else if constexpr (std::is_same_v<Node, WithStatement>) {
            return execute_with(node);
          } else if constexpr (std::is_same_v<Node, BreakStatement>) {
            return Flow::break_loop;
          } else if constexpr (std::is_same_v<Node, ContinueStatement>) {
            return Flow::continue_loop;
          }
          return Flow::normal;
        },
        statement.node);
  } catch (const LocatedError&) {
    throw;
  } catch (const Error& error) {
    throw LocatedError(error, statement.line);
  }
}

Interpreter::Flow Interpreter::execute_if(const IfStatement& statement) {
  for (const IfBranch& branch : statement.branches) {
    if (evaluate(*branch.condition).truthy()) return execute(branch.body);
  }
  return execute(statement.otherwise);
}

Interpreter::Flow Interpreter::execute_for(const ForStatement& statement) {
  const std::vector<Value> all = iterate(evaluate(*statement.iterable), budget_);
  std::vector<Value> items;
  if (statement.filter) {
    for (const Value& item : all) {
      budget_.count_step();
      ScopeGuard scope(*this, child_of(scope_));
      assign(statement.target, item, *scope_);
      if (evaluate(*statement.filter).truthy()) items.push_back(item);
    }
  } else {
    items = all;
  }
  if (items.empty()) {
    ScopeGuard scope(*this, child_of(scope_));
    return execute(statement.otherwise);
  }
  auto loop = std::make_shared<LoopState>();
  loop->items = std::make_shared<const Array>(Array{std::move(items), false, 1, {}});
  const Value loop_value = Value::loop(loop);
  const std::size_t count = loop->items->items.size();
  for (std::size_t index = 0; index < count; ++index) {
    budget_.count_step();
    loop->index0 = index;
    ScopeGuard scope(*this, child_of(scope_));
    assign(statement.target, loop->items->items[index], *scope_);
    scope_->set("loop", loop_value);
    if (execute(statement.body) == Flow::break_loop) break;
  }
  return Flow::normal;
}

void Interpreter::assign(const AssignTarget& target, const Value& value, Scope& scope) {
  if (!target.is_unpacking) {
    scope.set(target.name, value);
    return;
  }
  const std::vector<Value> items = iterate(value, budget_);
  const std::size_t expected = target.elements.size();
  if (items.size() > expected) {
    raise(ErrorKind::invalid_argument, "too many values to unpack (expected {})", expected);
  }
  if (items.size() < expected) {
    raise(ErrorKind::invalid_argument, "not enough values to unpack (expected {}, got {})",
          expected, items.size());
  }
  for (std::size_t i = 0; i < expected; ++i) assign(target.elements[i], items[i], scope);
}

void Interpreter::execute_set(const SetTarget& target, Value value) {
  if (const auto* name_target = std::get_if<AssignTarget>(&target)) {
    assign(*name_target, value, *scope_);
    return;
  }
  const auto& attribute_target = std::get<NamespaceTarget>(target);
  const Value* object = scope_->find(attribute_target.namespace_name);
  if (object == nullptr || !object->is_namespace_object()) {
    raise(ErrorKind::invalid_argument, "cannot assign attribute on non-namespace object");
  }
  object->as_namespace().attributes.insert_or_assign(attribute_target.attribute, std::move(value));
}

Interpreter::Flow Interpreter::render_filtered_body(const Body& body,
                                                    const std::vector<FilterApplication>& filters,
                                                    Value& result) {
  std::string content;
  {
    ScopeGuard scope(*this, child_of(scope_));
    CaptureGuard capture(*this);
    if (const Flow flow = execute(body); flow != Flow::normal) return flow;
    content = capture.take();
  }
  result = Value::string(std::move(content));
  for (const FilterApplication& filter : filters) result = apply_filter(filter, result);
  return Flow::normal;
}

void Interpreter::keep_closure_scope() {
  if (closure_scopes_.empty() || closure_scopes_.back() != scope_) {
    closure_scopes_.push_back(scope_);
  }
}

Interpreter::Flow Interpreter::execute_set_block(const SetBlockStatement& statement) {
  Value value;
  // A break inside the block leaves it, and the loop, before the assignment.
  if (const Flow flow = render_filtered_body(statement.body, statement.filters, value);
      flow != Flow::normal) {
    return flow;
  }
  execute_set(statement.target, std::move(value));
  return Flow::normal;
}

void Interpreter::execute_macro_definition(const MacroDefinition& definition) {
  keep_closure_scope();
  scope_->set(definition.name,
              Value::callable(std::make_shared<MacroFunction>(definition, scope_)));
}

void Interpreter::execute_call_block(const CallBlockStatement& statement) {
  keep_closure_scope();
  const auto& call = std::get<Call>(statement.call->node);
  Value callee;
  Arguments arguments;
  try {
    callee = evaluate(*call.callee);
    arguments = evaluate_arguments(call.arguments);
  } catch (const LocatedError&) {
    throw;
  } catch (const Error& error) {
    throw LocatedError(error, statement.call->line);
  }
  arguments.keywords.emplace_back(
      "caller", Value::callable(std::make_shared<MacroFunction>(statement.caller, scope_)));
  const Value result = this->call(callee, std::move(arguments));
  write(to_str(result, options_.limits.max_output_bytes));
}

Interpreter::Flow Interpreter::execute_filter_block(const FilterBlockStatement& statement) {
  Value value;
  if (const Flow flow = render_filtered_body(statement.body, statement.filters, value);
      flow != Flow::normal) {
    return flow;
  }
  write(to_str(value, options_.limits.max_output_bytes));
  return Flow::normal;
}

Interpreter::Flow Interpreter::execute_with(const WithStatement& statement) {
  // The values are computed in the outer scope, before any is bound.
  std::vector<Value> values;
  for (const auto& assignment : statement.assignments)
    values.push_back(evaluate(*assignment.second));
  ScopeGuard scope(*this, child_of(scope_));
  for (std::size_t i = 0; i < values.size(); ++i) {
    assign(statement.assignments[i].first, values[i], *scope_);
  }
  return execute(statement.body);
}

Value Interpreter::call_macro(const MacroFunction& macro, Arguments arguments) {
  const MacroDefinition& definition = macro.definition();
  CallDepthGuard depth(budget_);
  const std::size_t parameter_count = definition.parameters.size();
  if (arguments.positional.size() > parameter_count && !definition.takes_varargs) {
    raise(ErrorKind::invalid_argument, "macro '{}' takes not more than {} argument(s)",
          definition.name, parameter_count);
  }
  auto scope = child_of(macro.closure());
  std::vector<std::optional<Value>> bound(parameter_count);
  for (std::size_t i = 0; i < parameter_count && i < arguments.positional.size(); ++i) {
    bound[i] = arguments.positional[i];
  }
  Dict extra_keywords;
  std::optional<Value> caller;
  for (auto& [name, value] : arguments.keywords) {
    std::size_t index = 0;
    while (index < parameter_count && definition.parameters[index].name != name) ++index;
    if (index < parameter_count && !bound[index]) {
      bound[index] = std::move(value);
    } else if (name == "caller" && definition.takes_caller && !caller) {
      caller = std::move(value);
    } else if (definition.takes_kwargs) {
      extra_keywords.insert_or_assign(name, std::move(value));
    } else {
      raise(ErrorKind::invalid_argument, "macro '{}' takes no keyword argument '{}'",
            definition.name, name);
    }
  }

  ScopeGuard scope_guard(*this, scope);
  for (std::size_t i = 0; i < parameter_count; ++i) {
    const Parameter& parameter = definition.parameters[i];
    if (bound[i]) {
      scope->set(parameter.name, std::move(*bound[i]));
    } else if (parameter.default_value) {
      scope->set(parameter.name, evaluate(*parameter.default_value));
    } else {
      scope->set(parameter.name,
                 Value::undefined(fmt::format("parameter '{}' was not provided", parameter.name)));
    }
  }
  if (definition.takes_varargs) {
    std::vector<Value> rest;
    for (std::size_t i = parameter_count; i < arguments.positional.size(); ++i) {
      rest.push_back(arguments.positional[i]);
    }
    scope->set("varargs", Value::tuple(std::move(rest)));
  }
  if (definition.takes_kwargs) scope->set("kwargs", Value::dict(std::move(extra_keywords)));
  if (definition.takes_caller) {
    scope->set("caller", caller ? std::move(*caller) : Value::undefined("No caller defined"));
  }
  CaptureGuard capture(*this);
  execute(definition.body);
  return Value::string(capture.take());
}

}  // namespace hearth::chat::jinja
